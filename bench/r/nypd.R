#!/usr/bin/env Rscript
# R's surveillance 1.20.3 on the real NYPD hate-crime series: the reference the benchmark compares
# Safeguard's EARS and Farrington implementations against.
#
# Usage: Rscript bench/r/nypd.R OUTDIR
#   reads  OUTDIR/nypd-monthly.csv (bench/data/nypd.py: month,<precinct>,... from 2019-01)
#   writes OUTDIR/nypd-r.csv          method,precinct,month,observed,expected,upperbound,alarm
#          OUTDIR/nypd-r-seconds.csv  method,seconds
#
# Series: every precinct column, plus "all" = the city total (sum of the precincts), as one sts
# with frequency 12, start c(2019, 1), epochAsDate = FALSE (so Farrington works on indices).
#
# Methods and months evaluated (2020-01..2021-12, where each method can):
#   ears-c1/c2/c3  earsC(baseline = 7, minSigma = 0, alpha = 0.01), every month 2020-01..2021-12
#                  (C3 looks back at most 7 + 4 months, and 2020-01 has 12 months before it).
#   farrington-flexible  the control below, months 2020-03..2021-12. With b = 1 and w = 2 the
#                  reference window of month k is k-14..k-10, which lies inside the data (from
#                  2019-01) only from k = 2020-03. R refuses 2020-01 ("only 0's may be mixed with
#                  negative subscripts"). It accepts 2020-02, but only because `x[0:4] <- p` silently
#                  drops index 0: that month would be fitted on a 4-month window missing the
#                  nonexistent 2018-12. Safeguard declines a window that starts before the data
#                  (FarringtonFlexible.swift), so 2020-02 is left out here too.
#
# Output columns (one row per method x series x evaluated month):
#   method      ears-c1 | ears-c2 | ears-c3 | farrington-flexible
#   precinct    precinct code as in nypd-monthly.csv's header, or "all"
#   month       yyyy-mm
#   observed    the month's complaint count (integer)
#   expected    farrington-flexible: R's control$expected, the fitted baseline mean of the month.
#               EARS: empty. earsC keeps only the upperbound (mean + z*sd of the baseline months)
#               and reports no mean.
#   upperbound  R's upperbound, empty where R gives NA/NaN:
#                 farrington-flexible when limit54 is not met (fewer than 5 complaints in the 4
#                 months ending at the month): R then reports neither upperbound nor expected, and
#                 no alarm (alarm 0). That is most precinct-months here: the precincts are sparse.
#                 ears-c3 when a baseline has zero variance (0/0 in the C2 statistics it sums).
#   alarm       R's alarm: 1 or 0, empty where R's alarm is NA (ears-c3 with a NaN upperbound)
# Doubles are written as the shortest of %.15g/%.16g/%.17g that reads back as the same double, as
# in scripts/r/surveillance-fixtures.R; NA/NaN/Inf are written empty.

suppressPackageStartupMessages(library(surveillance))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: Rscript bench/r/nypd.R OUTDIR")
outdir <- args[[1]]

monthly <- read.csv(file.path(outdir, "nypd-monthly.csv"), check.names = FALSE,
                    colClasses = "character")
months <- monthly$month
stopifnot(months[1] == "2019-01", !anyDuplicated(months))
counts <- sapply(monthly[-1], as.integer)
counts <- cbind(counts, all = rowSums(counts))
series <- sts(observed = counts, start = c(2019, 1), frequency = 12, epochAsDate = FALSE)

evaluate_from <- match("2020-01", months)
evaluate_to <- match("2021-12", months)
stopifnot(!is.na(evaluate_from), !is.na(evaluate_to))

ff_control <- list(b = 1L, w = 2L, noPeriods = 4L, pastWeeksNotIncluded = 6L, reweight = TRUE,
                   weightsThreshold = 2.58, trend = TRUE, pThresholdTrend = 0.05, alpha = 0.01,
                   limit54 = c(5L, 4L), powertrans = "2/3", thresholdMethod = "nbPlugin",
                   glmWarnings = FALSE, populationOffset = FALSE,
                   fitFun = "algo.farrington.fitGLM.flexible", verbose = FALSE)
# First index whose reference windows k - 12*b - w ... lie inside the data (see the header).
ff_first <- max(evaluate_from, 12L * ff_control$b + ff_control$w + 1L)

# The shared number formatting (format.R, next to this script).
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "format.R"))

# One data frame per method: the evaluated rows of every series, in series order.
rows_of <- function(method, result, range, expected) {
  n <- length(range)
  alarm <- as.vector(alarms(result))
  data.frame(
    method = method,
    precinct = rep(colnames(counts), each = n),
    month = rep(months[range], times = ncol(counts)),
    observed = as.vector(observed(result)),
    expected = if (is.null(expected)) "" else fmt_dbl(as.vector(expected)),
    upperbound = fmt_dbl(as.vector(upperbound(result))),
    alarm = ifelse(is.na(alarm), "", ifelse(alarm, "1", "0")),
    stringsAsFactors = FALSE)
}

# Wall seconds of one call over all series. R's timer counts milliseconds, so the difference is
# rounded to them. Warnings are collected, not printed: farringtonFlexible's reweighting gives some
# points weight 0, and summary.glm warns each time ("observations with zero weight not used for
# calculating dispersion"). This is expected and leaves the results unchanged. The tally goes out
# at the end so that any other warning still shows.
warning_tally <- c()
timed <- function(expr) {
  start <- proc.time()[["elapsed"]]
  value <- withCallingHandlers(expr, warning = function(w) {
    msg <- conditionMessage(w)
    warning_tally[[msg]] <<- if (is.null(warning_tally[[msg]])) 1L else warning_tally[[msg]] + 1L
    invokeRestart("muffleWarning")
  })
  list(value = value, seconds = round(proc.time()[["elapsed"]] - start, 3))
}

results <- list()
seconds <- c()
for (m in c("C1", "C2", "C3")) {
  name <- paste0("ears-", tolower(m))
  range <- evaluate_from:evaluate_to
  run <- timed(earsC(series, control = list(range = range, method = m, baseline = 7L,
                                           minSigma = 0, alpha = 0.01)))
  results[[name]] <- rows_of(name, run$value, range, NULL)
  seconds[[name]] <- run$seconds
}
range <- ff_first:evaluate_to
run <- timed(farringtonFlexible(series, control = c(list(range = range), ff_control)))
results[["farrington-flexible"]] <- rows_of("farrington-flexible", run$value, range,
                                             run$value@control$expected)
seconds[["farrington-flexible"]] <- run$seconds

out <- do.call(rbind, results)
write.csv(out, file.path(outdir, "nypd-r.csv"), row.names = FALSE, quote = FALSE)
write.csv(data.frame(method = names(seconds), seconds = fmt_dbl(unlist(seconds))),
          file.path(outdir, "nypd-r-seconds.csv"), row.names = FALSE, quote = FALSE)

cat(sprintf("nypd.R: %d series (%d precincts + all), ears %s..%s, farrington-flexible %s..%s\n",
            ncol(counts), ncol(counts) - 1L, months[evaluate_from], months[evaluate_to],
            months[ff_first], months[evaluate_to]))
for (name in names(results)) {
  r <- results[[name]]
  precincts <- r[r$precinct != "all", ]
  cat(sprintf("nypd.R: %-20s %5d rows, %3d alarms in %2d precincts, %2d for the city, %3d NA alarms, %.2f s\n",
              name, nrow(r), sum(precincts$alarm == "1"), length(unique(precincts$precinct[precincts$alarm == "1"])),
              sum(r$alarm[r$precinct == "all"] == "1"), sum(r$alarm == ""), seconds[[name]]))
}
for (msg in names(warning_tally)) cat(sprintf("nypd.R: R warned %d times: %s\n", warning_tally[[msg]], trimws(msg)))
