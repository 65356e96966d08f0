package domain

import "testing"

func TestJSONValue(t *testing.T) {
	var nilSlice []ReceiptFile
	var nilMap map[string]string
	var nilPtr *Contest
	for _, tc := range []struct {
		name string
		in   any
		want string
	}{
		{"nil slice", nilSlice, `[]`},
		{"nil map", nilMap, `{}`},
		{"empty slice", []int{}, `[]`},
		{"slice", []string{"a"}, `["a"]`},
		{"map", map[string]string{"k": "v"}, `{"k":"v"}`},
		{"nil pointer", nilPtr, `null`},
		{"nil interface", nil, `null`},
		{"struct", struct{ A int }{1}, `{"A":1}`},
	} {
		if got := string(JSONValue(tc.in)); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}
