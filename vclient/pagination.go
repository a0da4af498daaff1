package vclient

import (
	"context"
	"iter"
	"net/url"
	"strconv"
)

// Page is one page of a list endpoint: {"items": [...], "limit": 10, "offset": 0, "total": 47}.
type Page[T any] struct {
	Items  []T `json:"items"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
	Total  int `json:"total"` // all matches for the filters, not just this page
}

// ListOptions selects a page. Limit 0 leaves the API default (10); Limit is clamped to 0..100
// and Offset to >= 0.
type ListOptions struct {
	Limit, Offset int
}

// iterLimit is the page size the iterators and ListAll* helpers use.
const iterLimit = 100

// values encodes the options as limit/offset query parameters, clamped.
func (o *ListOptions) values() url.Values {
	v := url.Values{}
	if o == nil {
		return v
	}
	if limit := min(max(o.Limit, 0), 100); limit > 0 {
		v.Set("limit", strconv.Itoa(limit))
	}
	if o.Offset > 0 {
		v.Set("offset", strconv.Itoa(o.Offset))
	}
	return v
}

// paginate walks pages of iterLimit items from offset 0, stopping on an empty page or when the
// offset reaches the total. An error is yielded once and ends the walk.
func paginate[T any](ctx context.Context, fetch func(ctx context.Context, opts ListOptions) (*Page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for offset := 0; ; offset += iterLimit {
			page, err := fetch(ctx, ListOptions{Limit: iterLimit, Offset: offset})
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range page.Items {
				if !yield(item, nil) {
					return
				}
			}
			if len(page.Items) == 0 || offset+iterLimit >= page.Total {
				return
			}
		}
	}
}

// collect gathers an iterator into a slice, stopping at the first error.
func collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	items := []T{}
	for item, err := range seq {
		if err != nil {
			return nil, err
		}
		items = append(items, item)
	}
	return items, nil
}

// getPage fetches one page of a list endpoint.
func getPage[T any](ctx context.Context, c *Client, route, path string, q url.Values) (*Page[T], error) {
	page := &Page[T]{}
	if err := c.do(ctx, &request{method: "GET", route: route, path: path, query: q}, page); err != nil {
		return nil, err
	}
	if page.Items == nil {
		page.Items = []T{}
	}
	return page, nil
}
