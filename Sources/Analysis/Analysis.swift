// Module `Analysis`: the RankAnalyzer side (backward products, CSC, contraction bounds, the
// random-matrix simulation) and the similarity measures of the sanity checks. See DESIGN.md §2.
//
// Contents (inputs are matrices, tensors and local maps, so nothing here waits for the rule code):
// - Similarity/: `Quantiles` (numpy percentile/median), `StructuralSimilarity` (skimage 0.16 SSIM),
//   `SaliencySimilarity` (normalize_sanity, ssim_flipped, Spearman, Pearson, cosine),
//   `HeatmapReduction` (sum / abs-max over channels), `BootstrapInterval` (CI of the median).
// - CSC/: `CosineSample` (pairwise |cos| per position), `CSCStatistics` (median, percentiles, mean,
//   histogram), `ChanceBaseline` (exact median |cos| of Gaussian pairs; Monte Carlo as the paper).
// - Products/: `BackwardProducts` over `Rules.LocalMap` (per-depth σ₁, σ₂, stable rank, top directions,
//   column alignment), `ContractionBound` (Birkhoff τ per block, sech bound on column cosines).
// - Simulation/: `RandomMatrixSimulation`, `SimulationFamily`, `SimulationResult`.
//
// Design notes: everything numeric is Double; products are rescaled every step; 1 − cos is
// computed as ‖x̂ ∓ ŷ‖²/2 wherever it is reported, so values far below 1e-12 stay resolved.
