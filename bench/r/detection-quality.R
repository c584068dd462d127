#!/usr/bin/env Rscript
# =============================================================================
# detection-quality.R -- detection quality of R's surveillance methods on
#                        simulated outbreaks (Bedubourg & Le Strat 2017 design)
# =============================================================================
#
# Purpose
#   The reference half of the detection-quality benchmark. In the design of
#   Bedubourg & Le Strat (2017, "Evaluation and comparison of statistical
#   methods for early temporal detection of outbreaks: A simulation-based
#   study", PLoS ONE 12(7): e0181227) it simulates weekly baselines in the
#   style of Noufaily et al. (2013), injects outbreaks whose size is k times
#   the baseline standard deviation, runs R's detectors on the last year, and
#   tabulates false-positive rate, probability of detection, sensitivity,
#   specificity and delay. The Swift side reads quality-series.csv, runs its
#   own detectors, and computes the same metrics with the definitions below,
#   so the two tables (and the per-week results) can be compared directly.
#
# Usage
#   Rscript bench/r/detection-quality.R OUTDIR [REPLICATES]    (default 8)
#   REPLICATES series per scenario. The default keeps the whole run under about
#   5 minutes on one core of the 2-core project machine (8-minute budget). A
#   different REPLICATES gives a different random stream, hence other series.
#
# Versions: R 4.2.2, surveillance 1.20.3 (Debian bookworm packages), reference
#   BLAS. RNGkind("Mersenne-Twister", "Inversion", "Rejection"), seed 20261201.
#   Single core; all series are simulated before any detection runs, so the
#   output is deterministic.
#
# Scenario grid: 3 x 2 x 2 x 2 = 24 scenarios
#   level       low | medium | high: mean 1 | 5 | 20 cases/week at t = 0
#   pattern     flat: no trend, no season
#               seasonal: one harmonic (gamma1 = 0.6, gamma2 = 0.3, period 52)
#                         plus a trend beta = 0.0015/week (x1.73 over 7 years)
#   dispersion  poisson: NB size 1000 (practically Poisson), glrnb alpha 0.001
#               nb:      NB size 4 (Var = mu + mu^2/4),       glrnb alpha 0.25
#   outbreaks   k = 3 | k = 6 (outbreak size in baseline standard deviations)
#   Baseline (Noufaily et al. 2013): t = 1..364,
#     mu_t = exp(log(level) + beta*t + gamma1*cos(2*pi*t/52) + gamma2*sin(2*pi*t/52)),
#     y_t ~ NB(mean mu_t, size).
#   Series: 364 weeks (7 years), Monday dates 2019-01-07 (ISO 2019-W02) ..
#   2025-12-29; date-based sts (epochAsDate = TRUE), frequency 52.
#   Evaluated range: the last 52 weeks, t = 313..364; training = 1..312.
#
# Outbreaks (per series)
#   * 3 in the training part, nominal onsets drawn in 53..296, >= 20 weeks
#     apart: they sit in Farrington's baselines and in glrnb's mu0 training
#     data (what reweighting is for);
#   * 1 or 2 (equally likely) in the evaluated year, onsets in 313..356,
#     >= 12 weeks apart.
#   Each outbreak: N ~ Poisson(k * sd_0) cases, redrawn until N >= 1, with
#   sd_0 = sqrt(mu_0 * (1 + mu_0/size)) the baseline SD at the onset week (the
#   Noufaily et al. convention; surveillance::sts_creation instead uses the
#   mean of the series' LAST week, which we avoid). Each case lands d weeks
#   after the onset, d = 0, 1, ... with P(d) = P(d < D <= d + 1),
#   D ~ lognormal(meanlog 0, sdlog 0.5) truncated at 20 weeks (the delay
#   density sts_creation uses, lognormDiscrete; unlike sts_creation we do not
#   close up empty weeks). Cases after week 364 are dropped.
#   An outbreak EVENT spans from the first to the last week that received any
#   of its cases (the onset week itself when it got cases, which is about half
#   of the time). Event ids 1, 2, ... are unique within a series, numbered in
#   order of start week. `outbreak` at week t = id of the event whose span
#   covers t (the earliest-starting one when spans overlap), 0 if none.
#   Spans never overlap in the written data (a draw where they would is
#   redrawn), so an event is exactly the run of weeks carrying its id: its
#   start is the first week with that id, possibly before the evaluated range
#   (a training outbreak still running in week 313 has outbreak weeks there
#   but is not one of the scored `events`). Weeks inside a span may have
#   outbreak_cases = 0 (a gap between two weeks with cases).
#
# Methods (all on range 313..364, each series its own single-column sts)
#   farrington-flexible  farringtonFlexible(b = 5, w = 3, reweight = TRUE,
#                        weightsThreshold = 2.58, trend = TRUE, pThresholdTrend = 0.05,
#                        noPeriods = 10, pastWeeksNotIncluded = 26, alpha = 0.01,
#                        limit54 = c(5, 4), powertrans = "2/3", thresholdMethod = "nbPlugin",
#                        glmWarnings = FALSE, verbose = FALSE, populationOffset = FALSE,
#                        fitFun = "algo.farrington.fitGLM.flexible")
#   farrington-muan      the same with thresholdMethod = "muan"
#   ears-c1/-c2/-c3      earsC(method = "C1"|"C2"|"C3", baseline = 7, minSigma = 0, alpha = 0.01)
#   glrnb                glrnb(c.ARL = 5, mu0 = list(S = 1, trend = FALSE, refit = FALSE),
#                        alpha = 1/size of the scenario (0.001 | 0.25), Mtilde = 1, M = -1,
#                        change = "intercept", theta = NULL, dir = "inc", ret = "cases",
#                        xMax = 10000)   -- the control of scripts/r/surveillance-fixtures.R
#   Seconds per method = sum of proc.time() elapsed around each detection call.
#
# Metrics (quality-r-metrics.csv), over the evaluated weeks only
#   An alarm is alarm == 1; an NA alarm counts as no alarm.
#   weeks           number of evaluated weeks (series x 52)
#   outbreak_weeks  evaluated weeks with outbreak > 0
#   fpr             alarms in weeks with outbreak == 0 / weeks with outbreak == 0
#   specificity     1 - fpr
#   sensitivity     alarms in weeks with outbreak > 0 / outbreak_weeks
#   events          outbreak events whose START week lies in the evaluated range
#   detected_events those events with >= 1 alarm in their span (within the range)
#   pod             detected_events / events
#   mean_delay      mean over detected events of (first alarmed week in the span
#                   - start week), in weeks (0 = alarm in the start week)
#   Per method there is one row per scenario and one row with scenario "all",
#   which pools the counts of all scenarios (ratios of summed counts, not means
#   of the scenario ratios). Every ratio is count/count in double precision
#   (mean_delay = sum of delays / detected_events); empty when the denominator
#   is 0.
#
# Outputs in OUTDIR (CSV with header; empty field = NA; doubles written with
# the shortest of %.15g/%.16g/%.17g that parses back to the same double)
#   quality-scenarios.csv  scenario,description,first_t,last_t,glrnb_alpha (the NB dispersion glrnb was given)
#   quality-series.csv     scenario,series,t,date,count,outbreak_cases,outbreak
#   quality-r.csv          method,scenario,series,t,upperbound,alarm,mu0
#                          (mu0: glrnb's in-control mean, empty for other methods;
#                           glrnb's upperbound is ret = "cases": cases needed for an
#                           alarm, 1e+99 at zero counts outside alarms, a package quirk)
#   quality-r-seconds.csv  method,seconds
#   quality-r-metrics.csv  method,scenario,fpr,pod,sensitivity,specificity,mean_delay,
#                          weeks,outbreak_weeks,events,detected_events
#   `series` is the replicate number 1..REPLICATES within the scenario; t is the
#   1-based week index; dates are yyyy-mm-dd.
# =============================================================================

suppressPackageStartupMessages({
  library(surveillance)
  library(MASS)
})

tStart <- proc.time()[["elapsed"]]
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1) stop("usage: detection-quality.R OUTDIR [REPLICATES]")
outdir <- args[[1]]
replicates <- if (length(args) >= 2) as.integer(args[[2]]) else 8L
stopifnot(!is.na(replicates), replicates >= 1)
dir.create(outdir, recursive = TRUE, showWarnings = FALSE)

RNGkind("Mersenne-Twister", "Inversion", "Rejection")
SEED <- 20261201L
set.seed(SEED)

# The shared number formatting (format.R, next to this script).
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "format.R"))
fmt_alarm <- function(a) ifelse(is.na(a), "", ifelse(a, "1", "0"))
write_csv_lines <- function(header, lines, file) writeLines(c(header, lines), file)

# -----------------------------------------------------------------------------
# Scenarios
# -----------------------------------------------------------------------------
N_WEEKS <- 364L
FIRST_T <- 313L
LAST_T <- N_WEEKS
DATES <- seq(as.Date("2019-01-07"), by = "week", length.out = N_WEEKS)
LEVELS <- c(low = 1, medium = 5, high = 20)
SIZES <- c(poisson = 1000, nb = 4)
GLR_ALPHA <- c(poisson = 0.001, nb = 0.25)
GAMMA1 <- 0.6
GAMMA2 <- 0.3
TREND <- 0.0015
KS <- c(3, 6)

grid <- expand.grid(k = KS, dispersion = names(SIZES), pattern = c("flat", "seasonal"),
                    level = names(LEVELS), stringsAsFactors = FALSE)
grid <- grid[, c("level", "pattern", "dispersion", "k")]
grid$scenario <- sprintf("%s-%s-%s-k%d", grid$level, grid$pattern, grid$dispersion, grid$k)
# plain text without commas or quotes, so the CSV field needs no quoting
grid$description <- with(grid, sprintf(paste0(
  "mean %g/week at t=0; %s; %s; outbreaks of %d baseline SDs ",
  "(3 in training and 1-2 in the evaluated year); glrnb alpha %g"),
  LEVELS[level],
  ifelse(pattern == "flat", "no trend and no seasonality",
         sprintf("one-harmonic seasonality (gamma1=%g gamma2=%g) and trend %g/week on the log scale",
                 GAMMA1, GAMMA2, TREND)),
  ifelse(dispersion == "poisson", sprintf("NB size %g (Poisson-like)", SIZES["poisson"]),
         sprintf("NB size %g (Var = mu + mu^2/%g)", SIZES["nb"], SIZES["nb"])),
  k, GLR_ALPHA[dispersion]))

stopifnot(!any(grepl("[,\"]", grid$description)))

# -----------------------------------------------------------------------------
# Simulation
# -----------------------------------------------------------------------------
DELAY_PROB <- diff(plnorm(0:20, 0, 0.5)) / plnorm(20, 0, 0.5)   # offsets 0..19

# n sorted onsets from `from`..`to`, pairwise >= gap apart (rejection sampling;
# the windows are wide enough that this takes a few draws at most)
draw_onsets <- function(n, from, to, gap) {
  repeat {
    x <- sort(sample(from:to, n))
    if (n < 2 || all(diff(x) >= gap)) return(x)
  }
}

simulate_series <- function(sc) {
  t <- seq_len(N_WEEKS)
  seasonal <- sc$pattern == "seasonal"
  beta <- if (seasonal) TREND else 0
  season <- if (seasonal) GAMMA1 * cos(2 * pi * t / 52) + GAMMA2 * sin(2 * pi * t / 52) else 0
  size <- SIZES[[sc$dispersion]]
  mu <- exp(log(LEVELS[[sc$level]]) + beta * t + season)
  count <- rnbinom(N_WEEKS, mu = mu, size = size)

  # Spans are redrawn in the (practically impossible: a delay of 12+ weeks)
  # case that two would overlap, so that an event is exactly the run of weeks
  # carrying its id and the Swift side can rebuild events from `outbreak`.
  repeat {
    onsets <- c(draw_onsets(3L, 53L, 296L, 20L),
                draw_onsets(sample(1:2, 1), FIRST_T, 356L, 12L))
    cases <- matrix(0L, N_WEEKS, length(onsets))   # one column per outbreak
    for (i in seq_along(onsets)) {
      t0 <- onsets[i]
      lambda <- sc$k * sqrt(mu[t0] * (1 + mu[t0] / size))
      repeat {
        nc <- rpois(1, lambda)
        if (nc >= 1) break
      }
      d <- sample(0:19, nc, replace = TRUE, prob = DELAY_PROB)
      add <- tabulate(d + 1L, nbins = 20)
      idx <- t0 + 0:19
      keep <- idx <= N_WEEKS
      cases[idx[keep], i] <- add[keep]
    }
    # events: span = first..last week with any of the outbreak's cases
    starts <- apply(cases, 2, function(c) min(which(c > 0)))
    ends <- apply(cases, 2, function(c) max(which(c > 0)))
    ord <- order(starts)
    starts <- starts[ord]
    ends <- ends[ord]
    if (all(starts[-1] > ends[-length(ends)])) break
  }
  outbreak <- integer(N_WEEKS)
  for (id in rev(seq_along(starts))) outbreak[starts[id]:ends[id]] <- id  # earliest id wins
  outbreakCases <- as.integer(rowSums(cases))
  list(count = as.integer(count + outbreakCases), outbreakCases = outbreakCases,
       outbreak = outbreak, starts = starts, ends = ends, size = size,
       glrAlpha = GLR_ALPHA[[sc$dispersion]])
}

cat(sprintf("Simulating %d scenarios x %d replicates ...\n", nrow(grid), replicates))
series <- list()
for (i in seq_len(nrow(grid))) {
  for (r in seq_len(replicates)) {
    s <- simulate_series(grid[i, ])
    s$scenario <- grid$scenario[i]
    s$replicate <- r
    series[[length(series) + 1L]] <- s
  }
}

# -----------------------------------------------------------------------------
# Detection
# -----------------------------------------------------------------------------
RANGE <- FIRST_T:LAST_T
ISO_START <- as.integer(c(format(DATES[1], "%G"), format(DATES[1], "%V")))

ff_control <- function(method) {
  list(range = RANGE, b = 5, w = 3, reweight = TRUE, weightsThreshold = 2.58,
       trend = TRUE, pThresholdTrend = 0.05, noPeriods = 10, pastWeeksNotIncluded = 26,
       alpha = 0.01, limit54 = c(5, 4), powertrans = "2/3", thresholdMethod = method,
       glmWarnings = FALSE, verbose = FALSE, populationOffset = FALSE,
       fitFun = "algo.farrington.fitGLM.flexible")
}
ears_control <- function(method) {
  list(range = RANGE, method = method, baseline = 7, minSigma = 0, alpha = 0.01)
}
glr_control <- function(alpha) {
  list(range = RANGE, c.ARL = 5, mu0 = list(S = 1, trend = FALSE, refit = FALSE),
       alpha = alpha, Mtilde = 1, M = -1, change = "intercept", theta = NULL,
       dir = "inc", ret = "cases", xMax = 10000)
}

METHODS <- list(
  "farrington-flexible" = function(s, se) farringtonFlexible(s, control = ff_control("nbPlugin")),
  "farrington-muan"     = function(s, se) farringtonFlexible(s, control = ff_control("muan")),
  "ears-c1"             = function(s, se) earsC(s, control = ears_control("C1")),
  "ears-c2"             = function(s, se) earsC(s, control = ears_control("C2")),
  "ears-c3"             = function(s, se) earsC(s, control = ears_control("C3")),
  # glrnb announces its NB fit and its brute-force "cases" search on every call
  "glrnb"               = function(s, se) suppressMessages(glrnb(s, control = glr_control(se$glrAlpha))))

seconds <- setNames(numeric(length(METHODS)), names(METHODS))
warnCount <- list()
results <- vector("list", length(METHODS) * length(series))
nres <- 0L
tDet0 <- proc.time()[["elapsed"]]
cat(sprintf("Running %d methods on %d series, weeks %d..%d ...\n",
            length(METHODS), length(series), FIRST_T, LAST_T))
for (j in seq_along(series)) {
  se <- series[[j]]
  s <- sts(observed = se$count, epoch = DATES, frequency = 52, start = ISO_START)
  for (m in names(METHODS)) {
    t0 <- proc.time()[["elapsed"]]
    res <- withCallingHandlers(METHODS[[m]](s, se), warning = function(w) {
      key <- paste0(m, ": ", trimws(conditionMessage(w)))
      warnCount[[key]] <<- (if (is.null(warnCount[[key]])) 0L else warnCount[[key]]) + 1L
      invokeRestart("muffleWarning")
    })
    seconds[[m]] <- seconds[[m]] + (proc.time()[["elapsed"]] - t0)
    mu0 <- if (m == "glrnb") as.numeric(res@control$mu0) else rep(NA_real_, length(RANGE))
    stopifnot(length(mu0) == length(RANGE))
    nres <- nres + 1L
    results[[nres]] <- data.frame(
      method = m, scenario = se$scenario, series = se$replicate, t = RANGE,
      upperbound = as.numeric(upperbound(res)[, 1]),
      alarm = as.logical(alarms(res)[, 1]), mu0 = mu0, stringsAsFactors = FALSE)
  }
  if (j %% 24 == 0) cat(sprintf("  %d/%d series (%.0f s)\n", j, length(series),
                                proc.time()[["elapsed"]] - tDet0))
}
det <- do.call(rbind, results)

# -----------------------------------------------------------------------------
# Metrics
# -----------------------------------------------------------------------------
# per (scenario, series): outbreak id per evaluated week and the events to score
truth <- do.call(rbind, lapply(series, function(se) data.frame(
  scenario = se$scenario, series = se$replicate, t = RANGE,
  outbreak = se$outbreak[RANGE], stringsAsFactors = FALSE)))
events <- do.call(rbind, lapply(series, function(se) {
  inRange <- se$starts >= FIRST_T & se$starts <= LAST_T
  data.frame(scenario = rep(se$scenario, sum(inRange)), series = rep(se$replicate, sum(inRange)),
             start = se$starts[inRange], end = pmin(se$ends[inRange], LAST_T),
             stringsAsFactors = FALSE)
}))

ratio <- function(a, b) if (b > 0) a / b else NA_real_

metric_row <- function(m, scen, d, ev) {
  alarm <- !is.na(d$alarm) & d$alarm
  inOut <- d$outbreak > 0
  delays <- integer(0)
  for (i in seq_len(nrow(ev))) {
    hit <- d$t[alarm & d$scenario == ev$scenario[i] & d$series == ev$series[i] &
               d$t >= ev$start[i] & d$t <= ev$end[i]]
    if (length(hit)) delays <- c(delays, min(hit) - ev$start[i])
  }
  fpr <- ratio(sum(alarm & !inOut), sum(!inOut))
  data.frame(method = m, scenario = scen, fpr = fpr,
             pod = ratio(length(delays), nrow(ev)),
             sensitivity = ratio(sum(alarm & inOut), sum(inOut)),
             specificity = if (is.na(fpr)) NA_real_ else 1 - fpr,
             mean_delay = ratio(sum(delays), length(delays)),
             weeks = nrow(d), outbreak_weeks = sum(inOut), events = nrow(ev),
             detected_events = length(delays), stringsAsFactors = FALSE)
}

metrics <- list()
for (m in names(METHODS)) {
  dm <- merge(det[det$method == m, ], truth, by = c("scenario", "series", "t"), sort = FALSE)
  stopifnot(nrow(dm) == nrow(truth))
  for (scen in grid$scenario) {
    metrics[[length(metrics) + 1L]] <- metric_row(m, scen, dm[dm$scenario == scen, ],
                                                   events[events$scenario == scen, ])
  }
  metrics[[length(metrics) + 1L]] <- metric_row(m, "all", dm, events)
}
metrics <- do.call(rbind, metrics)

# -----------------------------------------------------------------------------
# Outputs
# -----------------------------------------------------------------------------
write_csv_lines("scenario,description,first_t,last_t,glrnb_alpha",
                paste(grid$scenario, grid$description, FIRST_T, LAST_T, GLR_ALPHA[grid$dispersion], sep = ","),
                file.path(outdir, "quality-scenarios.csv"))
write_csv_lines("scenario,series,t,date,count,outbreak_cases,outbreak",
                unlist(lapply(series, function(se) paste(
                  se$scenario, se$replicate, seq_len(N_WEEKS), format(DATES), se$count,
                  se$outbreakCases, se$outbreak, sep = ","))),
                file.path(outdir, "quality-series.csv"))
write_csv_lines("method,scenario,series,t,upperbound,alarm,mu0",
                paste(det$method, det$scenario, det$series, det$t, fmt_dbl(det$upperbound),
                      fmt_alarm(det$alarm), fmt_dbl(det$mu0), sep = ","),
                file.path(outdir, "quality-r.csv"))
# proc.time() has millisecond resolution; rounding drops summation noise
write_csv_lines("method,seconds", paste(names(seconds), fmt_dbl(round(unname(seconds), 3)), sep = ","),
                file.path(outdir, "quality-r-seconds.csv"))
write_csv_lines("method,scenario,fpr,pod,sensitivity,specificity,mean_delay,weeks,outbreak_weeks,events,detected_events",
                with(metrics, paste(method, scenario, fmt_dbl(fpr), fmt_dbl(pod), fmt_dbl(sensitivity),
                                    fmt_dbl(specificity), fmt_dbl(mean_delay), weeks, outbreak_weeks,
                                    events, detected_events, sep = ",")),
                file.path(outdir, "quality-r-metrics.csv"))

# -----------------------------------------------------------------------------
# Summary
# -----------------------------------------------------------------------------
options(width = 200)
cat(sprintf("\n%s; surveillance %s; seed %d; %d scenarios x %d replicates = %d series\n",
            R.version.string, packageVersion("surveillance"), SEED, nrow(grid), replicates,
            length(series)))
nEv <- sum(vapply(series, function(se) length(se$starts), 1L))
cat(sprintf("events: %d in total, %d starting in the evaluated year\n", nEv, nrow(events)))
na <- aggregate(cbind(alarmNA = is.na(alarm), upperboundNA = !is.finite(upperbound),
                      upperbound1e99 = !is.na(upperbound) & upperbound >= 1e99) ~ method,
                data = det, FUN = sum, na.action = na.pass)
cat("NA counts per method (of", nrow(det) / length(METHODS), "evaluated weeks):\n")
print(na, row.names = FALSE)
cat("detection seconds:\n")
for (m in names(seconds)) cat(sprintf("  %-20s %8.2f\n", m, seconds[[m]]))
cat("overall metrics:\n")
print(metrics[metrics$scenario == "all", ], row.names = FALSE, digits = 4)
if (length(warnCount)) {
  cat("R warnings (calls x message):\n")
  for (k in names(warnCount)) cat(sprintf("  %5d  %s\n", warnCount[[k]], substr(k, 1, 180)))
} else {
  cat("R warnings: none\n")
}
cat(sprintf("runtime: detection %.1f s, total %.1f s\n", proc.time()[["elapsed"]] - tDet0,
            proc.time()[["elapsed"]] - tStart))
