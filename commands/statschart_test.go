package commands

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/noirbot/noirbot/vclient"
)

// chartStats are a table's statistics: every outcome, one trait the API left unnamed.
func chartStats() *vclient.RollStatistics {
	diff, pool := 6.5, 5.25
	return &vclient.RollStatistics{TotalRolls: 47, Criticals: 4, Successes: 23, Failures: 17, Botches: 3,
		AverageDifficulty: &diff, AveragePool: &pool,
		TopTraits: []vclient.TopTrait{{Name: "Strength", UsageCount: 20, TraitID: "t1"},
			{UsageCount: 12, TraitID: "t2"}, {Name: "Dexterity", UsageCount: 9, TraitID: "t3"}}}
}

// decodeChart checks the bytes are a PNG of the chart's size and returns the picture.
func decodeChart(t *testing.T, data []byte) image.Image {
	t.Helper()
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	require.NoError(t, err)
	require.Equal(t, "png", format)
	require.Equal(t, [2]int{StatsChartWidth, StatsChartHeight}, [2]int{cfg.Width, cfg.Height})
	img, err := png.Decode(bytes.NewReader(data))
	require.NoError(t, err)
	return img
}

// pixelsOf counts the pixels painted exactly in the embed colour c (bar interiors are).
func pixelsOf(img image.Image, c int) int {
	want := rgb(c)
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if color.RGBAModel.Convert(img.At(x, y)).(color.RGBA) == want {
				n++
			}
		}
	}
	return n
}

// aBar is more pixels than anti-aliased text or edges ever paint in one exact colour.
const aBar = 200

func TestStatsChart(t *testing.T) {
	t.Run("draws each outcome as a bar in its roll-embed colour, and the top traits", func(t *testing.T) {
		data, err := StatsChart(chartStats(), map[string]string{"t2": "Wits"})
		require.NoError(t, err)
		img := decodeChart(t, data)
		for name, c := range map[string]int{"critical": colorCritical, "success": colorSuccess,
			"failure": colorFailure, "botch": colorBotch, "trait": colorInfo} {
			assert.Greater(t, pixelsOf(img, c), aBar, "%s bar", name)
		}
		assert.Less(t, pixelsOf(img, colorNeutral), aBar, "no Other bar when the four outcomes are all the rolls")
	})
	t.Run("a bigger count is a bigger bar", func(t *testing.T) {
		data, err := StatsChart(chartStats(), nil)
		require.NoError(t, err)
		img := decodeChart(t, data)
		assert.Greater(t, pixelsOf(img, colorSuccess), pixelsOf(img, colorFailure))
		assert.Greater(t, pixelsOf(img, colorFailure), pixelsOf(img, colorCritical))
	})
	t.Run("an outcome nobody rolled has no bar", func(t *testing.T) {
		st := chartStats()
		st.TotalRolls -= st.Botches
		st.Botches = 0
		data, err := StatsChart(st, nil)
		require.NoError(t, err)
		assert.Less(t, pixelsOf(decodeChart(t, data), colorBotch), aBar)
	})
	t.Run("rolls without a difficulty are an Other bar in the neutral colour", func(t *testing.T) {
		st := chartStats()
		st.TotalRolls += 10
		data, err := StatsChart(st, nil)
		require.NoError(t, err)
		assert.Greater(t, pixelsOf(decodeChart(t, data), colorNeutral), aBar)
	})
	t.Run("no rolls still gives a chart, without bars", func(t *testing.T) {
		for _, st := range []*vclient.RollStatistics{nil, {}} {
			data, err := StatsChart(st, nil)
			require.NoError(t, err)
			img := decodeChart(t, data)
			for _, c := range []int{colorCritical, colorSuccess, colorFailure, colorBotch, colorNeutral, colorInfo} {
				assert.Less(t, pixelsOf(img, c), aBar)
			}
		}
	})
	t.Run("migrated rolls and odd numbers do not break it", func(t *testing.T) {
		// Rolls from the old bot count by outcome with no averages; the API owes no consistency either.
		odd := []*vclient.RollStatistics{
			{TotalRolls: 3, Successes: 2, Botches: 1},
			{TotalRolls: 1, Criticals: 5, Failures: -2, TopTraits: []vclient.TopTrait{{UsageCount: -1}, {Name: "  ", TraitID: "gone"}}},
			{TotalRolls: 1_000_000, Successes: 999_999, Failures: 1},
		}
		for _, st := range odd {
			data, err := StatsChart(st, nil)
			require.NoError(t, err)
			decodeChart(t, data)
		}
	})
	t.Run("the attachment is the PNG under its name", func(t *testing.T) {
		a, err := StatsChartAttachment(chartStats(), nil)
		require.NoError(t, err)
		assert.Equal(t, "stats.png", a.Name)
		assert.Equal(t, "image/png", a.ContentType)
		decodeChart(t, a.Data)
	})
}

func TestStatsChartIsTheSamePictureEvenDrawnConcurrently(t *testing.T) {
	want, err := StatsChart(chartStats(), nil)
	require.NoError(t, err)
	var wg sync.WaitGroup
	got := make([][]byte, 4)
	for i := range got {
		wg.Go(func() { got[i], _ = StatsChart(chartStats(), nil) })
	}
	wg.Wait()
	for _, g := range got {
		assert.True(t, bytes.Equal(want, g), "same statistics, same bytes")
	}
}

func TestTraitLabelPrefersTheAPINameThenTheLookup(t *testing.T) {
	names := map[string]string{"t2": "Wits", "t1": "Not used"}
	assert.Equal(t, "Strength", traitLabel(vclient.TopTrait{Name: "Strength", TraitID: "t1"}, names))
	assert.Equal(t, "Wits", traitLabel(vclient.TopTrait{TraitID: "t2"}, names))
	assert.Equal(t, "Unknown trait", traitLabel(vclient.TopTrait{TraitID: "t9"}, names))
	assert.LessOrEqual(t, len([]rune(traitLabel(vclient.TopTrait{Name: "Firearms and a very long trait name"}, nil))), maxChartTraitName)
}

func TestWholeTicksAreWholeNumbers(t *testing.T) {
	for _, hi := range []float64{1, 3.45, 26.45, 1150, 1_150_000} {
		ticks := wholeTicks(0, hi)
		require.NotEmpty(t, ticks, "max %v", hi)
		assert.LessOrEqual(t, len(ticks), 11, "max %v", hi)
		for _, tk := range ticks {
			assert.Equal(t, float64(int64(tk.Value)), tk.Value, "max %v", hi)
		}
	}
}

// BenchmarkStatsChart is drawing and encoding the /stats chart (SPEC §12: p50 under
// 20 ms); the p50 of the iterations is reported beside the mean.
func BenchmarkStatsChart(b *testing.B) {
	st := chartStats()
	names := map[string]string{"t2": "Wits"}
	var times []time.Duration
	b.ReportAllocs()
	for b.Loop() {
		start := time.Now()
		if _, err := StatsChart(st, names); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-p50")
}
