#!/usr/bin/env Rscript
# =============================================================================
# surveillance-fixtures.R -- reference fixtures from R's `surveillance` package
# =============================================================================
#
# Purpose
#   Simulate a grid of weekly and monthly count series and run, on the last two
#   years of each, the outbreak-detection algorithms that Safeguard
#   re-implements in Swift.  The outputs are compact JSON files that Swift tests
#   compare against point by point.
#     * farringtonFlexible (Noufaily et al. 2013 "improved Farrington"), with
#       thresholdMethod = "nbPlugin" and = "muan"
#     * earsC, methods C1, C2, C3
#     * glrnb (negative-binomial GLR CUSUM, Hoehle & Paul 2008), with
#       ret = "cases" and ret = "value"
#   The algorithms themselves are described in docs/notes/surveillance-algorithms.md.
#
# Usage
#   Rscript scripts/r/surveillance-fixtures.R [OUTDIR]      (default Tests/Fixtures/surveillance)
#   Environment: SURV_FIXTURE_CORES=2 runs the (deterministic) detection step on
#   2 cores with parallel::mclapply; the output is identical to a 1-core run.
#   SURV_FIXTURE_REPLICATES_WEEKLY / SURV_FIXTURE_REPLICATES_MONTHLY override
#   the replicates per scenario (defaults 5 and 6; smaller values give fewer
#   than 520 series and different ids -- for quick trials only).
#
# Versions used to generate the committed fixtures
#   R 4.2.2 Patched (2022-11-10 r83330), surveillance 1.20.3, MASS 7.3-58.2
#   (Debian bookworm packages r-base-core 4.2.2.20221110-2, r-cran-surveillance
#   1.20.3-1).  RNGkind("Mersenne-Twister", "Inversion", "Rejection"), seed 20240617.
#   No jsonlite: the JSON is written by the small writer below so that every
#   double round-trips exactly (shortest of %.15g/%.16g/%.17g that parses back
#   to the same double).  NA/NaN/Inf are written as null.
#
# Scenario grid (per frequency; 3 x 2 x 2 x 2 x 2 = 48 scenarios; 5 replicates
# weekly, 6 monthly => 240 weekly + 288 monthly = 528 series.  Weekly has one
# replicate fewer to keep the fixtures under ~15 MB and the run time down.)
#   level       mean at t = 0 before trend/season: 1, 5, 20   (theta = log(level))
#   trend       none (beta = 0) | positive (beta = log(2)/n: the mean doubles
#               over the n time points of the series)
#   season      none (m = 0) | oneHarmonic (m = 1, gamma1 = 0.6, gamma2 = 0.3;
#               period 52 weeks / 12 months)
#   dispersion  poissonLike (NB size = 1000) | negativeBinomial (NB size = 2)
#   outbreaks   none | some
#   Model: y_t ~ NegBin(mean mu_t, size), mu_t = exp(theta + beta*t +
#   gamma1*cos(2*pi*t/P) + gamma2*sin(2*pi*t/P)), t = 1..n.
#   Weekly  (P = 52): n = 384 weeks, Monday dates from 2017-01-02 (ISO 2017-W01),
#           simulated with surveillance::sts_creation(); the sts has
#           epochAsDate = TRUE (so farringtonFlexible uses its date logic).
#   Monthly (P = 12): n = 96 months from 2016-01.  sts_creation() is weekly only
#           (52 is hard-coded and it always builds a freq-52 Date sts), so the
#           monthly series use sim_monthly() below, a line-for-line port of
#           sts_creation's simulation with 52 replaced by 12, wrapped in
#           sts(frequency = 12, start = c(2016, 1)) with epochAsDate = FALSE.
#   Outbreaks ("some"): weekly 4 outbreaks (2 starting in the training part
#           53..n-129, 2 starting in the evaluated last 104 weeks, <= n-20),
#           monthly 3 outbreaks (1 in 13..n-30, 2 in the last 24 months,
#           <= n-3).  Outbreak magnitude k (in standard deviations) is drawn
#           from {3, 5, 8}.  sts_creation draws Poisson(sizesOutbreak *
#           mu*(1+mu/size)) cases where mu is the mean of the LAST time point
#           (an sts_creation quirk), so we pass sizesOutbreak = k / sd_last with
#           sd_last = sqrt(mu_n*(1+mu_n/size)): an outbreak has Poisson(k*sd_last)
#           cases, spread over the following periods with
#           lognormDiscrete(Dmax=20, logmu=0, sigma=0.5) delays.  The monthly
#           port truncates an outbreak at the end of the series.
#
# Evaluated range: the last 104 weeks (indices 281..384) / last 24 months
# (73..96).  All index fields in the JSON are 1-based.
#
# EXACT control parameters
#   farringtonFlexible(sts, control = list(
#       range = <last 2 years>, b = 5, w = 3 (weekly) | 2 (monthly),
#       reweight = TRUE, weightsThreshold = 2.58, verbose = FALSE,
#       glmWarnings = FALSE, alpha = 0.05, trend = TRUE,
#       pThresholdTrend = 0.05,        # the package's name for the trend p-value threshold
#       limit54 = c(5, 4), powertrans = "2/3",
#       fitFun = "algo.farrington.fitGLM.flexible", populationOffset = FALSE,
#       noPeriods = 10 (weekly) | 4 (monthly),
#       pastWeeksNotIncluded = 26 (weekly) | 6 (monthly),
#       thresholdMethod = "nbPlugin" | "muan"))
#     Monthly noPeriods = 4: with w = 2 the 7 months between two reference
#     windows are split into 3 blocks of 3, 2, 2 months (+ the window level),
#     the monthly analogue of the 10 weekly levels (9 blocks of ~5 weeks).
#     powertrans is unused by nbPlugin/muan (only "delta" uses it).
#   earsC(sts, control = list(range = <last 2 years>, method = "C1"|"C2"|"C3",
#       baseline = 7, minSigma = 0))
#     alpha is NOT passed, so the package's documented per-method default
#     applies: 0.001 for C1 and C2, 0.025 for C3 (recorded in each fixture).
#   glrnb(sts, control = list(range = <last 2 years>, c.ARL = 5,
#       mu0 = list(S = 1, trend = FALSE, refit = FALSE), alpha = 1/size,
#       Mtilde = 1, M = -1, change = "intercept", theta = NULL, dir = "inc",
#       ret = "cases" | "value", xMax = 10000))
#     mu0: the package's own default model (estimateGLRNbHook): on the points
#     1..(range[1]-1) it fits glm(y ~ 1 + cos(2*pi/p*t) + sin(2*pi/p*t),
#     family = MASS::negative.binomial(theta = 1/alpha)) with t the 1-based
#     index and p = frequency, and predicts the mean for t in range.  The
#     resulting mu0 vector and the coefficients are stored in the glrnb
#     fixtures, so the GLR recursion can be tested on its own.
#     alpha (NB dispersion, Var = mu + alpha*mu^2) = 1/size of the simulating
#     scenario: 0.001 (poissonLike) or 0.5 (negativeBinomial).
# =============================================================================

suppressPackageStartupMessages({
  library(surveillance)
  library(MASS)
})

t_start <- proc.time()[["elapsed"]]
args <- commandArgs(trailingOnly = TRUE)
outdir <- if (length(args) >= 1) args[[1]] else "Tests/Fixtures/surveillance"
dir.create(outdir, recursive = TRUE, showWarnings = FALSE)
cores <- as.integer(Sys.getenv("SURV_FIXTURE_CORES", "1"))
replicates <- c("52" = as.integer(Sys.getenv("SURV_FIXTURE_REPLICATES_WEEKLY", "5")),
                "12" = as.integer(Sys.getenv("SURV_FIXTURE_REPLICATES_MONTHLY", "6")))

RNGkind("Mersenne-Twister", "Inversion", "Rejection")
SEED <- 20240617L
set.seed(SEED)

# -----------------------------------------------------------------------------
# Minimal JSON writer with exact doubles
# -----------------------------------------------------------------------------
# Arrays: atomic vectors of length != 1, or anything wrapped in I().
# Scalars: atomic vectors of length 1.  Named list -> object, unnamed -> array.
fmt_dbl <- function(x) {
  out <- rep("null", length(x))
  ok <- is.finite(x)
  v <- x[ok]
  s <- sprintf("%.15g", v)
  bad <- as.numeric(s) != v
  if (any(bad)) s[bad] <- sprintf("%.16g", v[bad])
  bad <- as.numeric(s) != v
  if (any(bad)) s[bad] <- sprintf("%.17g", v[bad])
  s <- sub("^-0$", "0", s)
  out[ok] <- s
  out
}
json_str <- function(s) {
  s <- gsub("\\\\", "\\\\\\\\", s)
  s <- gsub("\"", "\\\\\"", s)
  s <- gsub("\n", "\\\\n", s)
  s <- gsub("\t", "\\\\t", s)
  paste0("\"", s, "\"")
}
json_atoms <- function(x) {
  if (is.logical(x)) return(ifelse(is.na(x), "null", ifelse(x, "true", "false")))
  if (is.integer(x)) return(ifelse(is.na(x), "null", as.character(x)))
  if (is.numeric(x)) return(fmt_dbl(as.numeric(x)))
  if (is.character(x)) return(ifelse(is.na(x), "null", json_str(x)))
  if (is.factor(x)) return(json_str(as.character(x)))
  stop("unsupported type ", class(x))
}
to_json <- function(x) {
  if (is.null(x)) return("null")
  if (is.list(x)) {
    parts <- vapply(x, to_json, "")
    if (!is.null(names(x)) && !inherits(x, "AsIs")) {
      return(paste0("{", paste0(json_str(names(x)), ":", parts, collapse = ","), "}"))
    }
    return(paste0("[", paste0(parts, collapse = ","), "]"))
  }
  a <- json_atoms(unclass(x))
  if (length(x) == 1 && !inherits(x, "AsIs")) return(a)
  paste0("[", paste0(a, collapse = ","), "]")
}
write_json_array <- function(items, file) {
  con <- file(file, open = "w")
  on.exit(close(con))
  writeLines("[", con)
  n <- length(items)
  for (i in seq_len(n)) {
    writeLines(paste0(to_json(items[[i]]), if (i < n) "," else ""), con)
  }
  writeLines("]", con)
}

# -----------------------------------------------------------------------------
# Simulation
# -----------------------------------------------------------------------------
# Port of surveillance::sts_creation's simulation for a period-12 season.
# Same random-number consumption order for the counts and the outbreaks as
# sts_creation (the reporting-delay triangle, which does not change `observed`,
# is not simulated).
sim_monthly <- function(theta, beta, gamma1, gamma2, m, overdispersion, n,
                        sizesOutbreak, tOutbreaks) {
  observed <- numeric(n)
  state <- logical(n)
  mu <- NA_real_
  for (t in 1:n) {
    season <- 0
    if (m == 1) season <- gamma1 * cos(2 * pi * t / 12) + gamma2 * sin(2 * pi * t / 12)
    mu <- exp(theta + beta * t + season)
    observed[t] <- rnbinom(mu = mu, size = overdispersion, n = 1)
  }
  nOutbreaks <- length(sizesOutbreak)
  if (nOutbreaks > 1) {
    dens <- surveillance:::lognormDiscrete(Dmax = 20, logmu = 0, sigma = 0.5)
    for (i in 1:nOutbreaks) {
      tOutbreak <- tOutbreaks[i]
      # as in sts_creation: `mu` is the mean of the LAST time point
      numberOfCases <- rpois(n = 1, lambda = sizesOutbreak[i] * (mu * (1 + mu / overdispersion)))
      cases <- rep(0, length(dens))
      if (numberOfCases != 0) {
        for (case in 1:numberOfCases) {
          tt <- sample(x = 1:length(dens), size = 1, prob = dens)
          cases[tt] <- cases[tt] + 1
        }
      }
      cases <- cases[cases > 0]
      if (sum(cases) > 0) {
        idx <- tOutbreak:(tOutbreak + length(cases) - 1)
        keep <- idx <= n   # port only: truncate at the end of the series
        observed[idx[keep]] <- observed[idx[keep]] + cases[keep]
        state[idx[keep]] <- TRUE
      }
    }
  }
  sts(observed = observed, start = c(2016, 1), frequency = 12,
      state = as.integer(state))
}

levels_ <- c(1, 5, 20)
grid <- expand.grid(level = levels_, trend = c("none", "positive"),
                    season = c("none", "oneHarmonic"),
                    dispersion = c("poissonLike", "negativeBinomial"),
                    outbreaks = c("none", "some"),
                    stringsAsFactors = FALSE)
SIZE <- c(poissonLike = 1000, negativeBinomial = 2)
GAMMA1 <- 0.6
GAMMA2 <- 0.3
OUTBREAK_K <- c(3, 5, 8)

make_series <- function(freq, sc, rep, id) {
  weekly <- freq == 52
  n <- if (weekly) 384L else 96L
  nRange <- if (weekly) 104L else 24L
  theta <- log(sc$level)
  beta <- if (sc$trend == "positive") log(2) / n else 0
  m <- if (sc$season == "oneHarmonic") 1L else 0L
  g1 <- if (m == 1) GAMMA1 else 0
  g2 <- if (m == 1) GAMMA2 else 0
  size <- unname(SIZE[sc$dispersion])
  # mean of the last time point (used by sts_creation for outbreak sizes)
  seasN <- if (m == 1) g1 * cos(2 * pi * n / freq) + g2 * sin(2 * pi * n / freq) else 0
  muN <- exp(theta + beta * n + seasN)
  sdN <- sqrt(muN * (1 + muN / size))
  if (sc$outbreaks == "some") {
    if (weekly) {
      tOut <- c(sort(sample(53:(n - nRange - 25L), 2)), sort(sample((n - nRange + 1L):(n - 20L), 2)))
    } else {
      tOut <- c(sample(13:(n - nRange - 6L), 1), sort(sample((n - nRange + 1L):(n - 3L), 2)))
    }
    kOut <- sample(OUTBREAK_K, length(tOut), replace = TRUE)
  } else {
    tOut <- integer(0)
    kOut <- numeric(0)
  }
  sizesOutbreak <- kOut / sdN
  if (weekly) {
    dates <- seq(as.Date("2017-01-02"), by = "week", length.out = n)
    s <- sts_creation(theta = theta, beta = beta, gamma1 = g1, gamma2 = g2, m = m,
                      overdispersion = size, dates = dates,
                      sizesOutbreak = sizesOutbreak, datesOutbreak = dates[tOut],
                      delayMax = 0, alpha = 0.05, densityDelay = 1)
  } else {
    s <- sim_monthly(theta, beta, g1, g2, m, size, n, sizesOutbreak, tOut)
  }
  scen <- list(
    scenarioId = sprintf("%s-L%g-T%s-S%s-D%s-O%s", if (weekly) "w" else "m", sc$level,
                         substr(sc$trend, 1, 1), substr(sc$season, 1, 1),
                         substr(sc$dispersion, 1, 1), substr(sc$outbreaks, 1, 1)),
    replicate = rep,
    generator = if (weekly) "surveillance::sts_creation" else "sim_monthly (port of sts_creation, period 12)",
    length = n, level = sc$level, theta = theta,
    trend = sc$trend, beta = beta,
    seasonality = sc$season, m = m, gamma1 = g1, gamma2 = g2, seasonPeriod = freq,
    dispersion = sc$dispersion, size = size,
    outbreaks = sc$outbreaks, outbreakStarts = I(as.integer(tOut)),
    outbreakSizeSd = I(kOut), sizesOutbreak = I(sizesOutbreak),
    lastPointMean = muN
  )
  list(id = id, freq = freq, sts = s, scenario = scen, nRange = nRange, size = size)
}

cat("Simulating series ...\n")
series <- list()
for (freq in c(52, 12)) {
  k <- 0L
  for (i in seq_len(nrow(grid))) {
    for (r in seq_len(replicates[[as.character(freq)]])) {
      k <- k + 1L
      id <- sprintf("%s-%03d", if (freq == 52) "w" else "m", k)
      series[[length(series) + 1L]] <- make_series(freq, grid[i, ], r, id)
    }
  }
}
t_sim <- proc.time()[["elapsed"]] - t_start
cat(sprintf("Simulated %d series in %.1f s\n", length(series), t_sim))

# -----------------------------------------------------------------------------
# Detection
# -----------------------------------------------------------------------------
ff_defaults <- eval(formals(surveillance::farringtonFlexible)$control)

ff_control <- function(freq, range, method) {
  weekly <- freq == 52
  list(range = range, b = 5L, w = if (weekly) 3L else 2L,
       reweight = TRUE, weightsThreshold = 2.58, verbose = FALSE,
       glmWarnings = FALSE, alpha = 0.05, trend = TRUE, pThresholdTrend = 0.05,
       limit54 = c(5L, 4L), powertrans = "2/3",
       fitFun = "algo.farrington.fitGLM.flexible", populationOffset = FALSE,
       noPeriods = if (weekly) 10L else 4L,
       pastWeeksNotIncluded = if (weekly) 26L else 6L,
       thresholdMethod = method)
}

# capture warnings (distinct messages) while running expr
with_warnings <- function(expr) {
  w <- character(0)
  val <- withCallingHandlers(expr, warning = function(c) {
    w <<- c(w, conditionMessage(c))
    invokeRestart("muffleWarning")
  })
  list(value = val, warnings = unique(trimws(w)))
}

num <- function(x) as.numeric(x)

run_farrington <- function(s, freq, range, method, withBaseline) {
  ctrl <- ff_control(freq, range, method)
  res <- with_warnings(farringtonFlexible(s, control = ctrl))
  f <- res$value
  cc <- f@control
  # number of baseline observations actually used by the GLM at each point
  # (recomputed with the package's own internal data-assembly helper)
  obs <- observed(s)[, 1]
  vod <- if (s@epochAsDate) as.Date(s@epoch, origin = "1970-01-01") else seq_along(obs)
  epochStr <- if (s@epochAsDate) switch(as.character(freq), "12" = "month", "52" = "week") else "none"
  nBase <- if (!withBaseline) NULL else vapply(range, function(k) {
    d <- surveillance:::algo.farrington.data.glm(
      dayToConsider = vod[k], b = ctrl$b, freq = freq, epochAsDate = s@epochAsDate,
      epochStr = epochStr, vectorOfDates = vod, w = ctrl$w, noPeriods = ctrl$noPeriods,
      observed = obs, population = population(s)[, 1], verbose = FALSE,
      pastWeeksNotIncluded = ctrl$pastWeeksNotIncluded, k = k)
    nrow(d)
  }, 1L)
  full <- modifyList(ff_defaults, ctrl, keep.null = TRUE)
  full$range <- I(as.integer(c(min(range), max(range))))
  full$typePred <- "link"
  full$thresholdFunction <- "algo.farrington.threshold.noufaily"
  full$factorsBool <- full$noPeriods != 1
  full$epochAsDate <- s@epochAsDate
  list(
    upperbound = I(num(upperbound(f)[, 1])),
    alarm = I(as.logical(alarms(f)[, 1])),
    expected = I(num(cc$expected[, 1])),
    pvalue = I(num(cc$pvalue[, 1])),
    score = I(num(cc$score[, 1])),
    mu0 = I(num(cc$mu0Vector[, 1])),
    phi = I(num(cc$phiVector[, 1])),
    trend = I(as.integer(cc$trend[, 1])),
    trendCoefficient = I(num(cc$trendVector[, 1])),
    nBaseline = if (withBaseline) I(as.integer(nBase)),
    control = full,
    warnings = I(res$warnings)
  )
}

run_ears <- function(s, range, method) {
  ctrl <- list(range = range, method = method, baseline = 7L, minSigma = 0)
  res <- with_warnings(earsC(s, control = ctrl))
  e <- res$value
  alpha <- e@control$alpha
  list(
    upperbound = I(num(upperbound(e)[, 1])),
    alarm = I(as.logical(alarms(e)[, 1])),
    control = list(range = I(as.integer(c(min(range), max(range)))), method = method,
                   baseline = 7L, minSigma = 0, alpha = alpha,
                   zAlpha = qnorm(1 - alpha)),
    warnings = I(res$warnings)
  )
}

run_glrnb <- function(s, range, alpha, ret) {
  ctrl <- list(range = range, c.ARL = 5, mu0 = list(S = 1, trend = FALSE, refit = FALSE),
               alpha = alpha, Mtilde = 1L, M = -1L, change = "intercept", theta = NULL,
               dir = "inc", ret = ret, xMax = 10000)
  res <- with_warnings(suppressMessages(glrnb(s, control = ctrl)))
  g <- res$value
  mod <- g@control$mu0Model$fitted[[1]]
  co <- coef(mod)
  list(
    upperbound = I(num(upperbound(g)[, 1])),
    alarm = I(as.logical(alarms(g)[, 1])),
    mu0 = I(num(g@control$mu0)),
    control = list(range = I(as.integer(c(min(range), max(range)))), c.ARL = 5,
                   alpha = alpha, Mtilde = 1L, M = -1L, change = "intercept",
                   theta = NULL, dir = "inc", ret = ret, xMax = 10000,
                   mu0Model = list(S = 1L, trend = FALSE, refit = FALSE,
                                   trainingRange = I(c(1L, as.integer(min(range) - 1L))),
                                   formula = "y ~ 1 + cos(2*pi/p*t) + sin(2*pi/p*t)",
                                   family = sprintf("negative.binomial(theta = 1/alpha = %s)", fmt_dbl(1 / alpha)),
                                   p = s@freq,
                                   coefficients = list(intercept = num(co[[1]]),
                                                       cos1 = num(co[[2]]), sin1 = num(co[[3]])),
                                   converged = isTRUE(mod$converged))),
    warnings = I(res$warnings)
  )
}

METHODS <- c("farrington-nbPlugin", "farrington-muan", "ears-C1", "ears-C2", "ears-C3",
             "glrnb-cases", "glrnb-value")

process <- function(se) {
  s <- se$sts
  n <- nrow(observed(s))
  range <- (n - se$nRange + 1L):n
  out <- list()
  t0 <- proc.time()[["elapsed"]]
  err <- NULL
  step <- function(name, expr) {
    if (!is.null(err)) return(NULL)
    r <- tryCatch(expr, error = function(e) {
      err <<- list(method = name, message = conditionMessage(e))
      NULL
    })
    if (!is.null(r)) out[[name]] <<- r
  }
  step("farrington-nbPlugin", run_farrington(s, se$freq, range, "nbPlugin", TRUE))
  step("farrington-muan", run_farrington(s, se$freq, range, "muan", FALSE))
  step("ears-C1", run_ears(s, range, "C1"))
  step("ears-C2", run_ears(s, range, "C2"))
  step("ears-C3", run_ears(s, range, "C3"))
  step("glrnb-cases", run_glrnb(s, range, 1 / se$size, "cases"))
  step("glrnb-value", run_glrnb(s, range, 1 / se$size, "value"))
  list(id = se$id, results = out, error = err, range = range,
       seconds = proc.time()[["elapsed"]] - t0)
}

cat(sprintf("Running detection on %d series (%d core(s)) ...\n", length(series), cores))
t_det0 <- proc.time()[["elapsed"]]
results <- if (cores > 1) {
  parallel::mclapply(series, process, mc.cores = cores, mc.preschedule = FALSE)
} else {
  lapply(seq_along(series), function(i) {
    r <- process(series[[i]])
    if (i %% 48 == 0) cat(sprintf("  %d/%d series done (%.0f s)\n", i, length(series),
                                  proc.time()[["elapsed"]] - t_det0))
    r
  })
}
t_det <- proc.time()[["elapsed"]] - t_det0

# -----------------------------------------------------------------------------
# Derived Farrington diagnostics (identical fit in both threshold methods):
#   eta   = log(mu0 of the nbPlugin run)               (linear predictor)
#   seEta = (log(mu0 muan) - eta) / qnorm(1 - alpha)   (its standard error)
# These (and nBaseline) describe the GLM fit shared by both threshold methods;
# to save space they are written to farrington-nbPlugin.json only.
# -----------------------------------------------------------------------------
failed <- Filter(function(r) !is.null(r$error), results)
ok <- Filter(function(r) is.null(r$error), results)
for (i in seq_along(ok)) {
  nb <- ok[[i]]$results[["farrington-nbPlugin"]]
  mu <- ok[[i]]$results[["farrington-muan"]]
  eta <- log(unclass(nb$mu0))
  seEta <- (log(unclass(mu$mu0)) - eta) / qnorm(1 - 0.05)
  ok[[i]]$results[["farrington-nbPlugin"]]$eta <- I(eta)
  ok[[i]]$results[["farrington-nbPlugin"]]$seEta <- I(seEta)
}
okIds <- vapply(ok, `[[`, "", "id")

# -----------------------------------------------------------------------------
# Write fixtures
# -----------------------------------------------------------------------------
series_items <- lapply(Filter(function(se) se$id %in% okIds, series), function(se) {
  s <- se$sts
  item <- list(id = se$id, frequency = se$freq,
               start = I(as.integer(s@start)),
               epochAsDate = s@epochAsDate)
  if (s@epochAsDate) {
    item$firstDate <- format(as.Date(s@epoch[1], origin = "1970-01-01"))
    item$dateStepDays <- 7L
  }
  item$scenario <- se$scenario
  item$observed <- I(as.integer(observed(s)[, 1]))
  item$outbreakPositions <- I(as.integer(which(as.logical(s@state[, 1]))))
  item
})
write_json_array(series_items, file.path(outdir, "series.json"))

field_order <- list(
  farrington = c("upperbound", "alarm", "expected", "pvalue", "score", "mu0",
                 "phi", "trend", "trendCoefficient", "eta", "seEta", "nBaseline", "warnings"),
  ears = c("upperbound", "alarm", "warnings"),
  glrnb = c("upperbound", "alarm", "mu0", "warnings"))

summary_rows <- list()
for (m in METHODS) {
  fam <- sub("-.*", "", m)
  items <- lapply(ok, function(r) {
    x <- r$results[[m]]
    flds <- intersect(field_order[[fam]], names(x)[!vapply(x, is.null, TRUE)])
    c(list(id = r$id, range = I(as.integer(c(min(r$range), max(r$range)))),
           control = x$control), x[flds])
  })
  write_json_array(items, file.path(outdir, paste0(m, ".json")))
  al <- unlist(lapply(items, function(it) unclass(it$alarm)))
  ub <- unlist(lapply(items, function(it) unclass(it$upperbound)))
  nw <- sum(vapply(items, function(it) length(it$warnings) > 0, TRUE))
  summary_rows[[m]] <- data.frame(method = m, series = length(items), points = length(al),
                                  alarms = sum(al, na.rm = TRUE), alarmNA = sum(is.na(al)),
                                  upperboundNA = sum(!is.finite(ub)),
                                  seriesWithWarnings = nw)
}

# -----------------------------------------------------------------------------
# Summary
# -----------------------------------------------------------------------------
options(width = 200)
cat("\n==== surveillance fixtures summary ====\n")
cat(sprintf("%s; surveillance %s; seed %d; replicates/scenario weekly %d, monthly %d\n",
            R.version.string, packageVersion("surveillance"), SEED, replicates[["52"]],
            replicates[["12"]]))
cat(sprintf("series simulated: %d (weekly %d, monthly %d); written: %d; failed: %d\n",
            length(series), sum(vapply(series, function(s) s$freq == 52, TRUE)),
            sum(vapply(series, function(s) s$freq == 12, TRUE)), length(ok), length(failed)))
for (f in failed) cat(sprintf("  FAILED %s in %s: %s\n", f$id, f$error$method, f$error$message))
print(do.call(rbind, summary_rows), row.names = FALSE)
wmsg <- table(unlist(lapply(ok, function(r) unlist(lapply(r$results, function(x) unclass(x$warnings))))))
if (length(wmsg)) {
  cat("distinct warnings (series x method count):\n")
  for (i in seq_along(wmsg)) cat(sprintf("  %4d  %s\n", wmsg[[i]], substr(names(wmsg)[i], 1, 160)))
}
sizes <- file.info(list.files(outdir, pattern = "\\.json$", full.names = TRUE))["size"]
cat("files:\n")
for (i in seq_len(nrow(sizes))) cat(sprintf("  %-28s %9.1f KB\n", basename(rownames(sizes)[i]), sizes$size[i] / 1024))
cat(sprintf("  total %.2f MB\n", sum(sizes$size) / 1024^2))
secs <- vapply(results, `[[`, 0, "seconds")
cat(sprintf("runtime: simulation %.1f s, detection %.1f s (slowest series %.1f s), total %.1f s\n",
            t_sim, t_det, max(secs), proc.time()[["elapsed"]] - t_start))
