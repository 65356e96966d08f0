package judging

// Total returns total(j,e) of docs/architecture.md for one judge's values on a
// rubric (0–100), so that applications show exactly the number the ranking
// uses. Missing, unknown or out-of-range values are an *InputError.
func Total(criteria []Criterion, values map[string]float64) (float64, error) {
	wsum := 0.0
	for _, c := range criteria {
		wsum += c.Weight
	}
	if wsum <= 0 {
		return 0, invalid("criteria", "weights must add up to more than 0")
	}
	return total(func() string { return "values" }, criteria, wsum, values)
}
