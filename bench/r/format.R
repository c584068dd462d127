# Shared by the benchmark's R scripts: how a double is written so the Swift side reads back exactly
# R's number -- the shortest of %.15g/%.16g/%.17g that parses to the same double (as
# scripts/r/surveillance-fixtures.R writes its fixtures); NA/NaN/Inf become an empty field.
fmt_dbl <- function(x) {
  out <- rep("", length(x))
  ok <- is.finite(x)
  v <- x[ok]
  s <- sprintf("%.15g", v)
  for (digits in c(16, 17)) {
    loose <- as.numeric(s) != v
    s[loose] <- sprintf(paste0("%.", digits, "g"), v[loose])
  }
  out[ok] <- sub("^-0$", "0", s)
  out
}
