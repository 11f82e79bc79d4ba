// Module `Analysis`: the RankAnalyzer (backward products, CSC, contraction bounds, the random-matrix
// simulation) and the empirical sanity checks (parameter randomization, random logit, SSIM).
// See DESIGN.md §2; everything here is measured on `Rules` propagators and `Matrices` values.
