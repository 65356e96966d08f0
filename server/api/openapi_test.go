package api

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

type schemaSample struct {
	Name     string            `json:"name" rule:"key"`
	Note     string            `json:"note,omitempty"`
	When     *time.Time        `json:"when"`
	Tags     []string          `json:"tags"`
	Labels   map[string]string `json:"labels"`
	Raw      json.RawMessage   `json:"raw"`
	Child    *schemaChild      `json:"child"`
	Count    int64             `json:"count,string"`
	Maybe    *int              `json:"maybe,omitempty"`
	Some     []int             `json:"some,omitempty"`
	Internal string            `json:"-"`
	Kind     string            `json:"kind" enum:"a,b"`
	schemaChild
}

type schemaChild struct {
	Depth int `json:"depth"`
}

// TestSchemaOfSaysWhatJSONWrites checks the generator against what
// encoding/json writes for each kind of Go field: a nil pointer, slice or
// map is written as null, so the schema must allow null; a field without
// omitempty is always written, so it is required.
func TestSchemaOfSaysWhatJSONWrites(t *testing.T) {
	sc := newSchemas()
	ref := sc.schemaOf(reflect.TypeOf(schemaSample{}))
	if ref["$ref"] != "#/components/schemas/SchemaSample" {
		t.Fatalf("ref %v", ref)
	}
	s := sc.byName["SchemaSample"]
	raw, _ := json.Marshal(s)
	var got struct {
		Required   []string                   `json:"required"`
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	wantRequired := []string{"child", "count", "depth", "kind", "labels", "name", "raw", "tags", "when"}
	if !reflect.DeepEqual(got.Required, wantRequired) {
		t.Fatalf("required %v, want %v", got.Required, wantRequired)
	}
	want := map[string]string{
		"name":   `{"maxLength":40,"minLength":1,"pattern":"^[a-z][a-z0-9_]{0,39}$","type":"string","x-rule":"key"}`,
		"note":   `{"type":"string"}`,
		"when":   `{"format":"date-time","type":["string","null"]}`,
		"tags":   `{"items":{"type":"string"},"type":["array","null"]}`,
		"labels": `{"additionalProperties":{"type":"string"},"type":["object","null"]}`,
		"raw":    `{}`,
		"child":  `{"anyOf":[{"$ref":"#/components/schemas/SchemaChild"},{"type":"null"}]}`,
		"count":  `{"type":"string"}`,
		"depth":  `{"type":"integer"}`,
		"maybe":  `{"type":"integer"}`,
		"some":   `{"items":{"type":"integer"},"type":"array"}`,
		"kind":   `{"enum":["a","b"],"type":"string"}`,
	}
	if len(got.Properties) != len(want) {
		t.Fatalf("properties %s", raw)
	}
	for k, w := range want {
		if string(got.Properties[k]) != w {
			t.Errorf("%s: %s, want %s", k, got.Properties[k], w)
		}
	}
}
