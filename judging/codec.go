package judging

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// DecodeRankInput parses the JSON input of "podium judge rank" and validates
// its shape; Rank validates the content. Errors are *InputError.
func DecodeRankInput(data []byte) (RankInput, error) {
	var in RankInput
	if err := decodeStrict(data, &in); err != nil {
		return RankInput{}, err
	}
	return in, nil
}

// decodeStrict unmarshals one JSON value, rejecting unknown fields and
// trailing data, and converts decoding errors to *InputError naming the
// field.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return invalid("", "unexpected data after the JSON object")
	}
	return nil
}

func jsonError(err error) error {
	var ie *InputError
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &ie):
		return ie
	case errors.As(err, &se):
		return invalid("", fmt.Sprintf("invalid JSON at byte %d: %v", se.Offset, se))
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "input"
		}
		return invalid(field, fmt.Sprintf("expected %v, got JSON %s", te.Type, te.Value))
	case errors.Is(err, io.EOF):
		return invalid("", "empty input, expected a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return invalid("", "truncated JSON input")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return invalid(strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), "unknown field")
	default:
		return invalid("", err.Error())
	}
}
