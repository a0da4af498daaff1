package vclient

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestListOptionsAreClamped(t *testing.T) {
	tests := []struct {
		name string
		opts *ListOptions
		want url.Values
	}{
		{"nil", nil, url.Values{}},
		{"zero leaves the API default", &ListOptions{}, url.Values{}},
		{"in range", &ListOptions{Limit: 25, Offset: 50}, url.Values{"limit": {"25"}, "offset": {"50"}}},
		{"limit over 100", &ListOptions{Limit: 101}, url.Values{"limit": {"100"}}},
		{"negatives", &ListOptions{Limit: -1, Offset: -10}, url.Values{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.opts.values())
		})
	}
}

// pages fakes a list of n items served in pages.
func pages(n int, failAt int) func(ctx context.Context, o ListOptions) (*Page[int], error) {
	return func(_ context.Context, o ListOptions) (*Page[int], error) {
		if o.Offset == failAt {
			return nil, errors.New("boom")
		}
		items := []int{}
		for i := o.Offset; i < min(n, o.Offset+o.Limit); i++ {
			items = append(items, i)
		}
		return &Page[int]{Items: items, Limit: o.Limit, Offset: o.Offset, Total: n}, nil
	}
}

func TestPaginate(t *testing.T) {
	got, err := collect(paginate(t.Context(), pages(250, -1)))
	require.NoError(t, err)
	assert.Len(t, got, 250)
	assert.Equal(t, 249, got[249])

	got, err = collect(paginate(t.Context(), pages(0, -1)))
	require.NoError(t, err)
	assert.Equal(t, []int{}, got)
}

func TestPaginateYieldsAnErrorOnceAndStops(t *testing.T) {
	var items []int
	var errs []error
	for v, err := range paginate(t.Context(), pages(250, 100)) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, v)
	}
	assert.Len(t, items, 100)
	require.Len(t, errs, 1)
	_, err := collect(paginate(t.Context(), pages(250, 100)))
	assert.EqualError(t, err, "boom")
}

func TestPaginateStopsWhenTheCallerBreaks(t *testing.T) {
	fetches := 0
	fetch := pages(250, -1)
	for v := range paginate(t.Context(), func(ctx context.Context, o ListOptions) (*Page[int], error) {
		fetches++
		return fetch(ctx, o)
	}) {
		if v == 5 {
			break
		}
	}
	assert.Equal(t, 1, fetches)
}

func TestPaginateStopsOnAnEmptyPageEvenIfTotalSaysMore(t *testing.T) {
	fetches := 0
	seq := paginate(t.Context(), func(_ context.Context, o ListOptions) (*Page[int], error) {
		fetches++
		return &Page[int]{Items: []int{}, Total: 500}, nil
	})
	got, err := collect(seq)
	require.NoError(t, err)
	assert.Empty(t, got)
	assert.Equal(t, 1, fetches)
}

func TestUsersAllWalksEveryPage(t *testing.T) {
	c, mux, _ := setup(t)
	var offsets []string
	mux.HandleFunc("GET /api/v1/companies/co1/users", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		offsets = append(offsets, q.Get("offset"))
		off, _ := strconv.Atoi(q.Get("offset"))
		n := min(100, 230-off)
		items := ""
		for i := range n {
			if i > 0 {
				items += ","
			}
			items += `{"id":"u` + strconv.Itoa(off+i) + `"}`
		}
		reply(w, 200, `{"items":[`+items+`],"limit":100,"offset":`+strconv.Itoa(off)+`,"total":230}`)
	})
	var ids []string
	for u, err := range c.Users(coID).All(t.Context(), "") {
		require.NoError(t, err)
		ids = append(ids, u.ID)
	}
	assert.Len(t, ids, 230)
	assert.Equal(t, "u229", ids[229])
	assert.Equal(t, []string{"", "100", "200"}, offsets)
}
