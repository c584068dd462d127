#!/usr/bin/env Rscript
# =============================================================================
# farrington-speed.R -- R's farringtonFlexible on one week of many unit series
# =============================================================================
#
# Purpose
#   The reference half of the benchmark "Safeguard's Farrington flexible vs R's
#   on 3,321 unit series (national) for one week". It simulates NSERIES weekly
#   crime-count series, writes them, and times R's farringtonFlexible on the
#   LAST week of every series. The Swift side reads the same series, runs its
#   own implementation on the same week, compares the results with
#   speed-r.csv and its time with speed-r-seconds.txt.
#
# Usage
#   Rscript bench/r/farrington-speed.R OUTDIR [NSERIES]     (NSERIES default 3321)
#   A smaller NSERIES is for quick trials: the first columns are NOT the same
#   series as in a full run (all parameters are drawn per series, vectorised).
#
# Versions: R 4.2.2, surveillance 1.20.3 (Debian bookworm packages), reference
#   BLAS. RNGkind("Mersenne-Twister", "Inversion", "Rejection"), seed 20261130.
#   Detection runs in this one R process, single core.
#
# Series (one per "unit": commune / district), weekly, Monday dates
#   2020-01-06 (ISO 2020-W02) .. 2026-11-23, n = 360 weeks, frequency 52, a
#   date-based sts (epochAsDate = TRUE) as in scripts/r/surveillance-fixtures.R,
#   so farringtonFlexible picks its reference weeks by calendar date.
#   Per series, t = 1..n:
#     mu_t = m * exp(beta*(t - n) + A*cos(2*pi*t/52 - phase)),   y_t ~ NB(mu_t, size)
#     m      mean level at the last week before season, log-uniform on [0.3, 30]
#     A      seasonal amplitude (log scale), uniform on [0, 0.5]; phase uniform
#     beta   0 for 2/3 of the series; for the other 1/3 the mean changes by a
#            factor exp(U(-log 2, log 2)) over the whole series
#     size   NB size drawn from {2, 10, 1000} (1000 = practically Poisson)
#   Outbreaks: 5 % of the series get one, starting in one of the last 8 weeks
#   (n-7 .. n), with Poisson(k * sd) cases, k uniform on [4, 10] and sd the
#   standard deviation of the count at the start week; each case lands
#   d weeks after the start with d ~ discretised lognormal(meanlog 0,
#   sdlog 0.5) (the delay sts_creation uses); cases falling after week n are
#   dropped. They exist only so that some alarms occur.
#
# Detection (the only part timed, proc.time() elapsed around one call)
#   One multi-column sts, one farringtonFlexible call -- how an R user runs
#   the method on many units (the function loops over the columns itself):
#   farringtonFlexible(sts, control = list(range = n, b = 5, w = 3,
#       reweight = TRUE, weightsThreshold = 2.58, trend = TRUE,
#       pThresholdTrend = 0.05, noPeriods = 10, pastWeeksNotIncluded = 26,
#       alpha = 0.05, limit54 = c(5, 4), powertrans = "2/3",
#       thresholdMethod = "nbPlugin", glmWarnings = FALSE, verbose = FALSE,
#       populationOffset = FALSE, fitFun = "algo.farrington.fitGLM.flexible"))
#
# Outputs in OUTDIR
#   backtest-r.csv        series,t,upperbound,alarm: the first 114 series over their
#                         last 52 weeks (t 1-based), the same control -- "a 114-unit
#                         x 52-week backtest"; backtest-r-seconds.txt its time
#   speed-series.csv      date,s0001,s0002,...   one row per week (yyyy-mm-dd),
#                         integer counts, one column per series
#   speed-r.csv           series,observed,expected,upperbound,alarm   (last week)
#                         expected   = control$mu0Vector = exp(eta0), the GLM's
#                                      fitted mean at the evaluated week. It is
#                                      the same number as control$expected
#                                      wherever that one is not NA; we write
#                                      mu0Vector because control$expected is NA
#                                      whenever the limit54 rule fails (fewer
#                                      than 5 cases in the last 4 weeks).
#                         upperbound = upperbound slot (integer NB/Poisson
#                                      quantile; empty when limit54 fails)
#                         alarm      = 0/1 (empty if R gave NA: fit failure)
#   speed-r-seconds.txt   elapsed seconds of the detection call, one number
#   Doubles are written with the shortest of %.15g/%.16g/%.17g that parses back
#   to the same double (as surveillance-fixtures.R does); NA -> empty field.
# =============================================================================

suppressPackageStartupMessages(library(surveillance))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1) stop("usage: farrington-speed.R OUTDIR [NSERIES]")
outdir <- args[[1]]
nseries <- if (length(args) >= 2) as.integer(args[[2]]) else 3321L
stopifnot(!is.na(nseries), nseries >= 1)
dir.create(outdir, recursive = TRUE, showWarnings = FALSE)

RNGkind("Mersenne-Twister", "Inversion", "Rejection")
SEED <- 20261130L
set.seed(SEED)

# The shared number formatting (format.R, next to this script).
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "format.R"))
fmt_int <- function(x) ifelse(is.na(x), "", as.character(as.integer(x)))

# -----------------------------------------------------------------------------
# Simulation
# -----------------------------------------------------------------------------
dates <- seq(as.Date("2020-01-06"), as.Date("2026-11-23"), by = "week")
n <- length(dates)
tt <- seq_len(n)

# Per-series parameters are drawn as whole vectors, one after the other, so the
# random stream (and hence the data for a given NSERIES) does not depend on
# loop structure.
level <- exp(runif(nseries, log(0.3), log(30)))
amp <- runif(nseries, 0, 0.5)
phase <- runif(nseries, 0, 2 * pi)
hasTrend <- runif(nseries) < 1 / 3
beta <- ifelse(hasTrend, runif(nseries, -log(2), log(2)) / n, 0)
size <- sample(c(2, 10, 1000), nseries, replace = TRUE)
hasOutbreak <- runif(nseries) < 0.05
outStart <- sample((n - 7L):n, nseries, replace = TRUE)
outK <- runif(nseries, 4, 10)

# n x nseries matrix of means
season <- cos(outer(2 * pi * tt / 52, phase, "-")) * rep(amp, each = n)
mu <- exp(outer(tt - n, beta) + season) * rep(level, each = n)
counts <- matrix(rnbinom(n * nseries, mu = mu, size = rep(size, each = n)), n, nseries)

# Discretised lognormal delay: offset d = 0,1,.. receives P(d < D <= d+1)
# for D ~ lognormal(0, 0.5), truncated at 20 weeks.
delayProb <- diff(plnorm(0:20, 0, 0.5)) / plnorm(20, 0, 0.5)
for (j in which(hasOutbreak)) {
  t0 <- outStart[j]
  sd0 <- sqrt(mu[t0, j] * (1 + mu[t0, j] / size[j]))
  nc <- rpois(1, outK[j] * sd0)
  if (nc == 0) next
  d <- sample(0:19, nc, replace = TRUE, prob = delayProb)
  add <- tabulate(d + 1L, nbins = 20)
  idx <- t0 + 0:19
  keep <- idx <= n
  counts[idx[keep], j] <- counts[idx[keep], j] + add[keep]
}
storage.mode(counts) <- "integer"
ids <- sprintf("s%04d", seq_len(nseries))
colnames(counts) <- ids

isoStart <- as.integer(c(format(dates[1], "%G"), format(dates[1], "%V")))
stsAll <- sts(observed = counts, epoch = dates, frequency = 52, start = isoStart)
stopifnot(stsAll@epochAsDate)

# -----------------------------------------------------------------------------
# Detection (timed)
# -----------------------------------------------------------------------------
control <- list(range = n, b = 5, w = 3, reweight = TRUE, weightsThreshold = 2.58,
                trend = TRUE, pThresholdTrend = 0.05, noPeriods = 10,
                pastWeeksNotIncluded = 26, alpha = 0.05, limit54 = c(5, 4),
                powertrans = "2/3", thresholdMethod = "nbPlugin", glmWarnings = FALSE,
                verbose = FALSE, populationOffset = FALSE,
                fitFun = "algo.farrington.fitGLM.flexible")

warns <- character(0)
cat(sprintf("farringtonFlexible on week %s (index %d) of %d series ...\n",
            format(dates[n]), n, nseries))
t0 <- proc.time()[["elapsed"]]
res <- withCallingHandlers(farringtonFlexible(stsAll, control = control),
                           warning = function(w) {
                             warns <<- c(warns, conditionMessage(w))
                             invokeRestart("muffleWarning")
                           })
seconds <- proc.time()[["elapsed"]] - t0

# The backtest: a city's 114 units over the last 52 weeks (the first 114 series,
# same control but range = the last 52 weeks), one call, timed the same way.
BACKTEST_UNITS <- min(114L, nseries)
BACKTEST_WEEKS <- 52L
backtestRange <- (n - BACKTEST_WEEKS + 1L):n
controlBacktest <- modifyList(control, list(range = backtestRange))
cat(sprintf("farringtonFlexible on the last %d weeks of %d series ...\n", BACKTEST_WEEKS, BACKTEST_UNITS))
t1 <- proc.time()[["elapsed"]]
backtest <- suppressWarnings(farringtonFlexible(stsAll[, seq_len(BACKTEST_UNITS)], control = controlBacktest))
backtestSeconds <- proc.time()[["elapsed"]] - t1

# -----------------------------------------------------------------------------
# Outputs
# -----------------------------------------------------------------------------
expected <- as.numeric(res@control$mu0Vector[1, ])
ctrlExpected <- as.numeric(res@control$expected[1, ])
ub <- as.numeric(upperbound(res)[1, ])
alarm <- as.logical(alarms(res)[1, ])
obs <- as.integer(observed(res)[1, ])
# the claim in the header: both "expected" values agree wherever R reports both
both <- !is.na(ctrlExpected) & !is.na(expected)
stopifnot(all(ctrlExpected[both] == expected[both]))

seriesLines <- do.call(paste, c(list(format(dates)), as.data.frame(counts), sep = ","))
writeLines(c(paste(c("date", ids), collapse = ","), seriesLines),
           file.path(outdir, "speed-series.csv"))
writeLines(c("series,observed,expected,upperbound,alarm",
             paste(ids, obs, fmt_dbl(expected), fmt_dbl(ub),
                   ifelse(is.na(alarm), "", as.integer(alarm)), sep = ",")),
           file.path(outdir, "speed-r.csv"))
writeLines(fmt_dbl(round(seconds, 3)), file.path(outdir, "speed-r-seconds.txt"))
btUpper <- upperbound(backtest)
btAlarm <- alarms(backtest)
writeLines(c("series,t,upperbound,alarm",
             unlist(lapply(seq_len(BACKTEST_UNITS), function(j) paste(
               ids[j], backtestRange, fmt_dbl(as.numeric(btUpper[, j])),
               ifelse(is.na(btAlarm[, j]), "", as.integer(btAlarm[, j])), sep = ",")))),
           file.path(outdir, "backtest-r.csv"))
writeLines(fmt_dbl(round(backtestSeconds, 3)), file.path(outdir, "backtest-r-seconds.txt"))

# -----------------------------------------------------------------------------
# Summary
# -----------------------------------------------------------------------------
cat(sprintf("%s; surveillance %s; seed %d\n", R.version.string,
            packageVersion("surveillance"), SEED))
cat(sprintf("series %d x %d weeks; with injected outbreak %d; NB size 2/10/1000: %s\n",
            nseries, n, sum(hasOutbreak), paste(tabulate(match(size, c(2, 10, 1000)), 3), collapse = "/")))
cat(sprintf("detection: %.2f s elapsed (%.1f ms per series)\n", seconds, 1000 * seconds / nseries))
cat(sprintf("backtest: %d units x %d weeks in %.2f s; %d alarms\n", BACKTEST_UNITS, BACKTEST_WEEKS, backtestSeconds,
            sum(btAlarm, na.rm = TRUE)))
cat(sprintf("alarms %d (%d in series with an injected outbreak); alarm NA %d; upperbound NA %d (limit54); expected NA %d\n",
            sum(alarm, na.rm = TRUE), sum(alarm[hasOutbreak], na.rm = TRUE), sum(is.na(alarm)),
            sum(is.na(ub)), sum(is.na(expected))))
if (length(warns)) {
  tab <- table(trimws(warns))
  cat("R warnings:\n")
  for (i in seq_along(tab)) cat(sprintf("  %4d  %s\n", tab[[i]], substr(names(tab)[i], 1, 160)))
} else {
  cat("R warnings: none\n")
}
