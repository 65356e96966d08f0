package domain

import (
	"encoding/json"
	"reflect"
)

// JSONValue encodes v for a JSON column (or a JSON field the database reads
// as one): json.Marshal, except that a nil slice is [] and a nil map is {}.
// Go's encoding turns them into null, which a NOT NULL jsonb column refuses
// and which a reader expecting a list or an object must special-case; an
// empty Go collection is an empty JSON one, whether or not it was allocated.
func JSONValue(v any) json.RawMessage {
	switch rv := reflect.ValueOf(v); {
	case rv.Kind() == reflect.Slice && rv.IsNil():
		return json.RawMessage(`[]`)
	case rv.Kind() == reflect.Map && rv.IsNil():
		return json.RawMessage(`{}`)
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only our own types are encoded: a failure is a bug
	}
	return b
}
