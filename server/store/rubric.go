package store

import (
	"encoding/json"
	"slices"
	"sync"

	"github.com/podium-contests/podium/server/domain"
)

// rubrics holds the rubrics decoded lately, by their JSON text: every
// score save reads its round, and decoding the same rubric again at every
// save cost the server about a thirtieth of its CPU.
var rubrics = &rubricMemo{m: map[string][]domain.RubricItem{}}

// rubricMemo is a memo of decoded rubrics, dropped whole when it holds
// maxRubrics (more rounds than any contest has at once).
type rubricMemo struct {
	mu sync.Mutex
	m  map[string][]domain.RubricItem
}

const maxRubrics = 256

// decode returns the rubric raw encodes, a copy of its own.
func (c *rubricMemo) decode(raw []byte) ([]domain.RubricItem, error) {
	c.mu.Lock()
	items, ok := c.m[string(raw)]
	c.mu.Unlock()
	if !ok {
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, err
		}
		c.mu.Lock()
		if len(c.m) >= maxRubrics {
			c.m = map[string][]domain.RubricItem{}
		}
		c.m[string(raw)] = items
		c.mu.Unlock()
	}
	return slices.Clone(items), nil
}
