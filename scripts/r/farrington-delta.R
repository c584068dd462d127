# The delta threshold with the 2/3 power transform, which surveillance-fixtures.R does not cover:
# prints four monthly series and farringtonFlexible's bounds and alarms; SurveillanceAgreementTests
# (farringtonDeltaThresholdAgreesWithR) holds the printed values. Run: Rscript scripts/r/farrington-delta.R
suppressMessages(library(surveillance))
set.seed(20261129)
options(digits = 17)
mk <- function(n, level, trend, amp) {
  t <- 1:n
  mu <- exp(log(level) + trend * t + amp * sin(2 * pi * t / 12))
  rnbinom(n, size = 3, mu = mu)
}
for (s in 1:4) {
  y <- mk(96, c(4, 12, 25, 8)[s], c(0, 0.004, -0.002, 0.006)[s], c(0.5, 0.3, 0, 0.8)[s])
  y[90] <- y[90] + c(10, 25, 0, 15)[s]
  x <- sts(observed = y, frequency = 12, start = c(2016, 1))
  ctl <- list(range = 73:96, b = 5, w = 2, reweight = TRUE, weightsThreshold = 2.58, trend = TRUE, pThresholdTrend = 0.05,
              noPeriods = 4, pastWeeksNotIncluded = 6, alpha = 0.05, limit54 = c(5, 4), powertrans = "2/3",
              thresholdMethod = "delta", fitFun = "algo.farrington.fitGLM.flexible", populationOffset = FALSE)
  r <- farringtonFlexible(x, control = ctl)
  cat("series", s, "\n"); cat("y:", paste(y, collapse = ","), "\n")
  cat("ub:", paste(format(upperbound(r)[, 1], digits = 17), collapse = ","), "\n")
  cat("alarm:", paste(as.integer(alarms(r)[, 1]), collapse = ","), "\n")
}
