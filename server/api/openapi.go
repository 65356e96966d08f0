package api

import (
	"encoding/json"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
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
			"responses":   responses(r),
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
				"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(r.Body))}}}
		}
		paths[p][strings.ToLower(r.Method)] = op
	}
	for _, o := range opsRoutes {
		paths[o.Path] = map[string]any{"get": map[string]any{
			"summary": o.Summary, "operationId": strings.Trim(o.Path, "/"), "tags": []string{"operations"}, "x-access": public,
			"responses": map[string]any{"200": map[string]any{"description": "OK"}, "503": map[string]any{"description": "Not ready"}},
		}}
	}
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
			"schemas": map[string]any{"Error": schemaOf(reflect.TypeOf(errorBody{}))},
		},
	}
}

func responses(r route) map[string]any {
	ok := map[string]any{"description": "Success"}
	if r.Result != nil {
		ok["content"] = map[string]any{"application/json": map[string]any{"schema": map[string]any{
			"type": "object", "required": []string{"data"},
			"properties": map[string]any{"data": schemaOf(reflect.TypeOf(r.Result))}}}}
	}
	errRef := map[string]any{"description": "Error", "content": map[string]any{
		"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
	return map[string]any{itoa(r.Status): ok, "default": errRef}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

var timeType = reflect.TypeOf(time.Time{})

// schemaOf derives a JSON Schema from a Go type, following json tags.
func schemaOf(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == timeType {
		return map[string]any{"type": "string", "format": "date-time"}
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
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem())}
	case reflect.Struct:
		props := map[string]any{}
		addFields(t, props)
		return map[string]any{"type": "object", "properties": props}
	default:
		return map[string]any{}
	}
}

func addFields(t reflect.Type, props map[string]any) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			addFields(ft, props)
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = schemaOf(f.Type)
	}
}

func (s *server) serveOpenAPI(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.JSON(s.openAPI())
}
