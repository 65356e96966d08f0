package domain

import (
	"strconv"
	"strings"
	"testing"
)

func TestOrderAwards(t *testing.T) {
	aw := func(spec string) []AwardInput {
		var out []AwardInput
		for i, name := range strings.Split(spec, ",") {
			out = append(out, AwardInput{EntryID: int64(i + 1), Award: name})
		}
		return out
	}
	cases := []struct {
		name      string
		awards    []AwardInput
		order     []string
		want      string // entry ids in order
		wantOrder string
		badField  string
	}{
		{name: "ranked names", awards: aw("Special mention,Second,First,Third"), order: []string{"First", "Second", "Third", "Special mention"},
			want: "3,2,4,1", wantOrder: "First|Second|Third|Special mention"},
		{name: "equal names keep their order", awards: aw("Mention,First,Mention"), order: []string{"First", "Mention"},
			want: "2,1,3", wantOrder: "First|Mention"},
		{name: "no ranking: first appearance", awards: aw("Mention,First,Mention"), want: "1,3,2", wantOrder: "Mention|First"},
		{name: "names are trimmed", awards: aw(" First ,Second"), order: []string{"Second", "First "}, want: "2,1", wantOrder: "Second|First"},
		{name: "ranking may name unused awards", awards: aw("Second"), order: []string{"First", "Second"}, want: "1", wantOrder: "First|Second"},
		{name: "empty", awards: nil, want: "", wantOrder: ""},
		{name: "name not ranked", awards: aw("First,Other"), order: []string{"First"}, badField: "awards[1].award"},
		{name: "name ranked twice", awards: aw("First"), order: []string{"First", "Second", "First"}, badField: "awards_order[2]"},
		{name: "empty ranked name", awards: aw("First"), order: []string{"First", " "}, badField: "awards_order[1]"},
		{name: "missing entry", awards: []AwardInput{{Award: "First"}}, badField: "awards[0].entry_id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, order, f := OrderAwards(tc.awards, tc.order)
			if tc.badField != "" {
				if f[tc.badField].Message == "" {
					t.Fatalf("want a problem on %s, got %v", tc.badField, f)
				}
				return
			}
			if err := f.Err(); err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, a := range got {
				ids = append(ids, strconv.FormatInt(a.EntryID, 10))
			}
			if strings.Join(ids, ",") != tc.want || strings.Join(order, "|") != tc.wantOrder {
				t.Fatalf("got %v %q, want %s %q", ids, order, tc.want, tc.wantOrder)
			}
		})
	}
}
