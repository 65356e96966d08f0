package store

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestDecodeValuesIsJSONUnmarshal: a sheet's values decode to what
// json.Unmarshal gives, through the fast path for jsonb's own output and
// through encoding/json for anything else, errors included.
func TestDecodeValuesIsJSONUnmarshal(t *testing.T) {
	for _, tc := range []struct {
		in   string
		fast bool // read by the fast path
	}{
		{`{"impact": 8, "innovation": 7, "feasibility": 7}`, true},
		{`{"a": 2.5, "b": -0.125, "c": 1e3, "d": 0, "e": 1.5E-2}`, true},
		{`{}`, true},
		{` { "a" :1 ,"b":2 } `, true},
		{`{"a": 1, "a": 2}`, false},
		{`{"a\u00e9": 1}`, false},
		{`{"é": 1}`, false},
		{`{"a": "1"}`, false},
		{`{"a": null}`, false},
		{`{"a": 01}`, false},
		{`{"a": .5}`, false},
		{`{"a": 1.}`, false},
		{`{"a": +1}`, false},
		{`{"a": 1e999}`, false},
		{`{"a": 1,}`, false},
		{`{"a": 1} x`, false},
		{`[1, 2]`, false},
		{`{"a": 1`, false},
		{`{"a" 1}`, false},
		{``, false},
	} {
		_, fast := decodeFlatNumbers([]byte(tc.in))
		if fast != tc.fast {
			t.Errorf("%q: fast path %v, want %v", tc.in, fast, tc.fast)
		}
		got, err := decodeValues([]byte(tc.in))
		var want map[string]float64
		wantErr := json.Unmarshal([]byte(tc.in), &want)
		if (err != nil) != (wantErr != nil) || !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %v, %v; json.Unmarshal gives %v, %v", tc.in, got, err, want, wantErr)
		}
	}
}
