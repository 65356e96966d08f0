package judging

import "strings"

// InputError reports input that violates the contract. Field names the
// offending field in a JSON-path-like form, e.g. "judges[3].max_load", so that
// the person who wrote the input can find it.
type InputError struct {
	Field string
	Msg   string
}

func (e *InputError) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return e.Field + ": " + e.Msg
}

// InfeasibleError reports a well-formed assignment problem that has no
// solution. Reasons explain, in terms of entries and judges, why the
// constraints cannot all be met.
type InfeasibleError struct {
	Reasons []string
}

func (e *InfeasibleError) Error() string {
	return "infeasible: " + strings.Join(e.Reasons, "; ")
}

func invalid(field, msg string) *InputError {
	return &InputError{Field: field, Msg: msg}
}
