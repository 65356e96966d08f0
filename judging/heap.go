package judging

import "sort"

// boundedHeap keeps the limit smallest candidates offered to it (a max-heap
// on cand.less, so the current worst is at the top).
type boundedHeap struct {
	limit int
	items []cand
}

func (h *boundedHeap) reset(limit int) {
	h.limit, h.items = limit, h.items[:0]
}

func (h *boundedHeap) offer(c cand) {
	if len(h.items) < h.limit {
		h.items = append(h.items, c)
		h.up(len(h.items) - 1)
		return
	}
	if h.limit == 0 || !c.less(h.items[0]) {
		return
	}
	h.items[0] = c
	h.down(0)
}

func (h *boundedHeap) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h.items[p].less(h.items[i]) {
			return
		}
		h.items[p], h.items[i] = h.items[i], h.items[p]
		i = p
	}
}

func (h *boundedHeap) down(i int) {
	n := len(h.items)
	for {
		big := i
		if l := 2*i + 1; l < n && h.items[big].less(h.items[l]) {
			big = l
		}
		if r := 2*i + 2; r < n && h.items[big].less(h.items[r]) {
			big = r
		}
		if big == i {
			return
		}
		h.items[big], h.items[i] = h.items[i], h.items[big]
		i = big
	}
}

// sorted returns the kept candidates, best first (it reorders the heap).
func (h *boundedHeap) sorted() []cand {
	sort.Slice(h.items, func(a, b int) bool { return h.items[a].less(h.items[b]) })
	return h.items
}
