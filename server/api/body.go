package api

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/podium-contests/podium/server/domain"
)

// bodyError explains why a JSON body could not be decoded, naming the field
// when the problem is a value of the wrong type.
func bodyError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "body"
		}
		return domain.Invalid(map[string]string{field: fmt.Sprintf("must be %s, not %s", jsonKind(typeErr.Type.Kind().String()), typeErr.Value)})
	case errors.As(err, &syntaxErr):
		return domain.Invalid(map[string]string{"body": fmt.Sprintf("is not valid JSON (at byte %d)", syntaxErr.Offset)})
	default:
		return domain.Invalid(map[string]string{"body": "is not valid JSON"})
	}
}

// jsonKind names a Go kind the way a JSON client thinks of it.
func jsonKind(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "an array"
	case "map", "struct":
		return "an object"
	case "float32", "float64":
		return "a number"
	default:
		return "an integer"
	}
}
