package api

import (
	"encoding/json"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/domain"
)

// Version is the API version published in the OpenAPI document.
const Version = "1.0.0"

var fiberParam = regexp.MustCompile(`:(\w+)`)

// openAPIPath turns "/teams/:id" into "/api/v1/teams/{id}".
func openAPIPath(p string) string {
	return "/api/v1" + fiberParam.ReplaceAllString(p, "{$1}")
}

// OpenAPI builds the OpenAPI 3.1 document of the API from the route table.
func (s *server) openAPI() map[string]any {
	paths := map[string]map[string]any{}
	sc := newSchemas()
	for _, r := range s.routes() {
		p := openAPIPath(r.Path)
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		op := map[string]any{
			"summary":     r.Summary,
			"operationId": strings.ToLower(r.Method) + strings.NewReplacer("/", "_", ":", "", "-", "_").Replace(r.Path),
			"tags":        []string{r.Tag},
			"x-access":    r.Access,
			"responses":   responses(sc, r),
		}
		if r.Access != public {
			op["security"] = []map[string][]string{{"session": {}}, {"bearer": {}}}
		}
		var params []map[string]any
		for _, m := range fiberParam.FindAllStringSubmatch(r.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if r.Body != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": sc.schemaOf(reflect.TypeOf(r.Body))}}}
		}
		paths[p][strings.ToLower(r.Method)] = op
	}
	for _, o := range opsRoutes {
		paths[o.Path] = map[string]any{"get": map[string]any{
			"summary": o.Summary, "operationId": strings.Trim(o.Path, "/"), "tags": []string{"operations"}, "x-access": public,
			"responses": map[string]any{"200": map[string]any{"description": "OK"}, "503": map[string]any{"description": "Not ready"}},
		}}
	}
	errSchema := sc.schemaOf(reflect.TypeOf(errorBody{}))
	named := map[string]any{}
	for k, v := range sc.byName {
		named[k] = v
	}
	named["Error"] = errSchema
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "Podium API", "version": Version,
			"description": "Innovation contests: teams submit, judges score, organizers rank and publish. " +
				"Successes are {\"data\": ...}; errors are {\"error\": {\"code\", \"message\", \"fields\"}}. " +
				"Cookie sessions must send X-CSRF-Token on POST, PUT, PATCH and DELETE; bearer tokens need not."},
		"paths": paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": s.sessionCookie()},
				"bearer":  map[string]any{"type": "http", "scheme": "bearer"},
			},
			"schemas": named,
		},
		"x-podium-rules": rulesDocument(),
	}
}

func responses(sc *schemas, r route) map[string]any {
	ok := map[string]any{"description": "Success"}
	if r.Result != nil {
		ok["content"] = map[string]any{"application/json": map[string]any{"schema": map[string]any{
			"type": "object", "required": []string{"data"},
			"properties": map[string]any{"data": sc.schemaOf(reflect.TypeOf(r.Result))}}}}
	}
	errRef := map[string]any{"description": "Error", "content": map[string]any{
		"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
	return map[string]any{itoa(r.Status): ok, "default": errRef}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

var (
	timeType    = reflect.TypeOf(time.Time{})
	rawJSONType = reflect.TypeOf(json.RawMessage{})
)

// schemas collects the named schemas of a document: each Go struct type
// becomes one component, referred to wherever the type is used.
type schemas struct {
	byName map[string]map[string]any
	names  map[reflect.Type]string
}

func newSchemas() *schemas {
	return &schemas{byName: map[string]map[string]any{}, names: map[reflect.Type]string{}}
}

var genericArgs = regexp.MustCompile(`\[(?:[\w./-]*\.)?(\w+)\]`)

// nameOf is the component name of a struct type: its Go name, capitalised,
// with a generic's argument appended ("pageResult[domain.Contest]" →
// "PageResultContest"), and the package's name in front when two packages
// use the same name.
func (sc *schemas) nameOf(t reflect.Type) string {
	if n, ok := sc.names[t]; ok {
		return n
	}
	n := genericArgs.ReplaceAllString(t.Name(), "$1")
	n = strings.ToUpper(n[:1]) + n[1:]
	for taken := range sc.names {
		if sc.names[taken] == n {
			pkg := t.PkgPath()[strings.LastIndexByte(t.PkgPath(), '/')+1:]
			n = strings.ToUpper(pkg[:1]) + pkg[1:] + n
			break
		}
	}
	sc.names[t] = n
	return n
}

// schemaOf derives a JSON Schema from a Go type as encoding/json writes it:
// a pointer, slice or map may be null; a field without omitempty is always
// present, so it is required; a field tagged rule:"<name>" carries that
// rule of domain.Rules; a string field tagged enum:"a,b" takes only those
// values (clients get a union of them instead of any string).
func (sc *schemas) schemaOf(t reflect.Type) map[string]any {
	if t.Kind() == reflect.Pointer {
		return nullable(sc.schemaOf(t.Elem()))
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == rawJSONType:
		return map[string]any{} // any JSON value
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		return nullable(map[string]any{"type": "array", "items": sc.schemaOf(t.Elem())})
	case reflect.Array:
		return map[string]any{"type": "array", "items": sc.schemaOf(t.Elem())}
	case reflect.Map:
		return nullable(map[string]any{"type": "object", "additionalProperties": sc.schemaOf(t.Elem())})
	case reflect.Struct:
		if t.Name() == "" {
			return sc.structSchema(t)
		}
		name := sc.nameOf(t)
		if _, ok := sc.byName[name]; !ok {
			sc.byName[name] = nil // recursion guard
			sc.byName[name] = sc.structSchema(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	default:
		return map[string]any{}
	}
}

// nullable lets a schema also be null.
func nullable(s map[string]any) map[string]any {
	if typ, ok := s["type"].(string); ok {
		out := map[string]any{}
		for k, v := range s {
			out[k] = v
		}
		out["type"] = []string{typ, "null"}
		return out
	}
	return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
}

func (sc *schemas) structSchema(t reflect.Type) map[string]any {
	props := map[string]any{}
	required := []string{}
	sc.addFields(t, props, &required)
	sort.Strings(required)
	out := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		out["required"] = required
	}
	return out
}

func (sc *schemas) addFields(t reflect.Type, props map[string]any, required *[]string) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" && opts == "" {
			continue
		}
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				sc.addFields(ft, props, required)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		omitted := strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,")
		s := sc.schemaOf(f.Type)
		if omitted {
			// encoding/json leaves out a nil pointer, slice or map instead of
			// writing null: present, the value is never null.
			s = notNull(s)
		}
		if strings.Contains(","+opts+",", ",string,") {
			s = map[string]any{"type": "string"}
		}
		if r, ok := domain.Rules[f.Tag.Get("rule")]; ok {
			s = withRule(s, f.Tag.Get("rule"), r)
		}
		if e := f.Tag.Get("enum"); e != "" {
			s = withEnum(s, strings.Split(e, ","))
		}
		props[name] = s
		if !omitted {
			*required = append(*required, name)
		}
	}
}

// notNull undoes nullable.
func notNull(s map[string]any) map[string]any {
	if typ, ok := s["type"].([]string); ok && len(typ) == 2 && typ[1] == "null" {
		out := map[string]any{}
		for k, v := range s {
			out[k] = v
		}
		out["type"] = typ[0]
		return out
	}
	if alt, ok := s["anyOf"].([]any); ok && len(alt) == 2 {
		return alt[0].(map[string]any)
	}
	return s
}

// withEnum limits a string field's schema to the listed values.
func withEnum(s map[string]any, values []string) map[string]any {
	out := map[string]any{"enum": values}
	for k, v := range s {
		out[k] = v
	}
	return out
}

// withRule adds a field rule's keywords to the field's schema.
func withRule(s map[string]any, name string, r domain.Rule) map[string]any {
	out := map[string]any{"x-rule": name}
	for k, v := range s {
		out[k] = v
	}
	for k, v := range ruleKeywords(r) {
		out[k] = v
	}
	return out
}

// ruleKeywords are a rule's JSON Schema keywords.
func ruleKeywords(r domain.Rule) map[string]any {
	out := map[string]any{}
	if r.Pattern != "" {
		out["pattern"] = r.Pattern
	}
	if r.MinLength > 0 {
		out["minLength"] = r.MinLength
	}
	if r.MaxLength > 0 {
		out["maxLength"] = r.MaxLength
	}
	if r.Minimum != nil {
		out["minimum"] = *r.Minimum
	}
	if r.Maximum != nil {
		out["maximum"] = *r.Maximum
	}
	return out
}

// rulesDocument publishes every field rule by name (x-podium-rules), for
// clients that check input before sending it.
func rulesDocument() map[string]any {
	out := map[string]any{}
	for _, name := range domain.RuleNames() {
		out[name] = ruleKeywords(domain.Rules[name])
	}
	return out
}

func (s *server) serveOpenAPI(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.JSON(s.openAPI())
}
