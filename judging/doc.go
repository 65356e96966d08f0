// Package judging is the judging science of Podium: optimal judge assignment,
// score normalisation and aggregation, rankings with tie-breaks, disagreement
// detection and round advancement.
//
// The package is pure Go (standard library only), performs no I/O and is
// deterministic: the same input always produces the same output, bit for bit.
// Its command-line face is "podium judge assign", "podium judge rank",
// "podium judge plan-reviews" and "podium judge combine"
// (docs/architecture.md); DecodeAssignInput, DecodeRankInput,
// DecodePlanInput and DecodeCombineInput read that JSON contract, Assign,
// Reassign, Rank, PlanReviews and Combine do the work. Combine merges several
// rounds' rankings into one with relative weights.
//
// Assignment is solved as a min-cost flow by a primal network simplex on a
// shrunk candidate graph and then certified optimal on the full graph with the
// simplex's node potentials (see README.md for the details and figures).
//
// With cuts (RankInput.Cuts) a ranking also says how sure each decision is:
// the probability that an entry truly belongs above each cut and that the
// decision would survive a re-judging, from seeded posterior (calibrated) or
// bootstrap (mean, zscore) draws, with an identifiability report of the
// judge–entry graph. PlanReviews spends a budget of extra reviews where they
// remove the most expected wrong decisions ("podium judge plan-reviews").
//
// Ranking offers three methods: "mean" and "zscore", defined exactly as in
// docs/architecture.md so that anyone can reproduce them, and "calibrated", a judge
// scale-and-bias model fitted by alternating ridge least squares.
package judging
