package commands

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"

	"github.com/bwmarrin/discordgo"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/vclient"
)

// The /stats chart: one PNG, drawn in memory for each answer.
const (
	// StatsChartName is the chart's file name; the embed shows it as attachment://stats.png.
	StatsChartName = "stats.png"
	// StatsChartWidth and StatsChartHeight are the chart's size in pixels.
	StatsChartWidth  = 800
	StatsChartHeight = 400
	// maxChartTraitName keeps a long trait name from squeezing its bar off the chart.
	maxChartTraitName = 22
)

// outcomeBar is one bar of the outcome chart.
type outcomeBar struct {
	label string
	count int
	color color.Color
}

// rgb turns an embed colour (0xRRGGBB) into a drawing colour, so the chart
// and the roll embeds show each outcome in the same colour.
func rgb(c int) color.RGBA {
	return color.RGBA{R: uint8(c >> 16), G: uint8(c >> 8), B: uint8(c), A: 0xff}
}

// outcomeBars are the four outcomes in the colours of the roll embed, plus
// "Other" (rolls without a difficulty) when the total counts more than those four.
func outcomeBars(st *vclient.RollStatistics) []outcomeBar {
	bars := []outcomeBar{
		{"Critical", max(st.Criticals, 0), rgb(colorCritical)},
		{"Success", max(st.Successes, 0), rgb(colorSuccess)},
		{"Failure", max(st.Failures, 0), rgb(colorFailure)},
		{"Botch", max(st.Botches, 0), rgb(colorBotch)},
	}
	counted := 0
	for _, b := range bars {
		counted += b.count
	}
	if other := st.TotalRolls - counted; other > 0 {
		bars = append(bars, outcomeBar{"Other", other, rgb(colorNeutral)})
	}
	return bars
}

// StatsChart draws roll statistics as a StatsChartWidth×StatsChartHeight PNG:
// the outcome counts as bars in the outcome colours of the roll embed and,
// beside them, how often the top traits were used. names fills in, by trait id,
// the names the API left empty. Statistics with no rolls (or nil) still give a
// chart, one that says so; rolls migrated from the old bot count by their
// outcome like any other. Nothing touches the disk.
func StatsChart(st *vclient.RollStatistics, names map[string]string) ([]byte, error) {
	if st == nil {
		st = &vclient.RollStatistics{}
	}
	outcomes, err := outcomePlot(st)
	if err != nil {
		return nil, err
	}
	traits, err := traitPlot(st.TopTraits, names)
	if err != nil {
		return nil, err
	}
	canvas := vgimg.NewWith(vgimg.UseImage(image.NewRGBA(image.Rect(0, 0, StatsChartWidth, StatsChartHeight))))
	row := [][]*plot.Plot{{outcomes, traits}}
	tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Points(12), PadTop: vg.Points(6), PadBottom: vg.Points(6), PadLeft: vg.Points(6), PadRight: vg.Points(12)}
	for i, c := range plot.Align(row, tiles, draw.New(canvas))[0] {
		row[0][i].Draw(c)
	}
	var buf bytes.Buffer
	// Fastest compression: flat colours compress well anyway, and the chart is drawn per answer.
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, canvas.Image()); err != nil {
		return nil, fmt.Errorf("encode stats chart: %w", err)
	}
	return buf.Bytes(), nil
}

// StatsChartAttachment is the chart as a file for a message whose embed shows
// it with bot.AttachmentURL(StatsChartName).
func StatsChartAttachment(st *vclient.RollStatistics, names map[string]string) (bot.Attachment, error) {
	data, err := StatsChart(st, names)
	if err != nil {
		return bot.Attachment{}, err
	}
	return bot.Attachment{Name: StatsChartName, ContentType: "image/png", Data: data}, nil
}

// attachStatsChart adds the chart of st to a /stats answer and shows it as the
// image of its embed. With no rolls there is nothing to draw (the embed says
// so); should drawing fail, the answer goes out as text and the failure is logged.
func (h *Handlers) attachStatsChart(in *bot.Interaction, m *bot.Message, st *vclient.RollStatistics) {
	if st == nil || st.TotalRolls <= 0 || len(m.Embeds) == 0 {
		return
	}
	chart, err := StatsChartAttachment(st, nil)
	if err != nil {
		h.logFor(in).Error("draw stats chart", "error", err)
		return
	}
	m.Attachments = append(m.Attachments, chart)
	m.Embeds[0].Image = &discordgo.MessageEmbedImage{URL: bot.AttachmentURL(chart.Name)}
}

// outcomePlot has one bar per outcome, its count written above it.
func outcomePlot(st *vclient.RollStatistics) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = "Outcomes — " + plural(max(st.TotalRolls, 0), "roll", "rolls")
	bars := outcomeBars(st)
	labels := make([]string, len(bars))
	peak := 0
	counts := plotter.XYLabels{XYs: make(plotter.XYs, len(bars)), Labels: make([]string, len(bars))}
	for i, b := range bars {
		bar, err := plotter.NewBarChart(plotter.Values{float64(b.count)}, vg.Points(40))
		if err != nil {
			return nil, fmt.Errorf("outcome bar %s: %w", b.label, err)
		}
		bar.XMin, bar.Color, bar.LineStyle.Width = float64(i), b.color, 0
		p.Add(bar)
		labels[i], peak = b.label, max(peak, b.count)
		counts.XYs[i] = plotter.XY{X: float64(i), Y: float64(b.count)}
		counts.Labels[i] = fmt.Sprint(b.count)
	}
	if st.TotalRolls <= 0 && peak == 0 {
		p.Title.Text = "Outcomes — no rolls yet"
	}
	above, err := plotter.NewLabels(counts)
	if err != nil {
		return nil, fmt.Errorf("outcome counts: %w", err)
	}
	for i := range above.TextStyle {
		above.TextStyle[i].XAlign, above.TextStyle[i].YAlign = draw.XCenter, draw.YBottom
	}
	above.Offset = vg.Point{Y: vg.Points(2)}
	p.Add(above)
	p.NominalX(labels...)
	p.Y.Label.Text = "rolls"
	countAxis(&p.Y, peak)
	return p, nil
}

// traitPlot has one horizontal bar per top trait, the most used at the top.
func traitPlot(traits []vclient.TopTrait, names map[string]string) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = "Top traits"
	n := len(traits)
	if n == 0 {
		p.Title.Text = "Top traits — none yet"
		p.HideAxes()
		return p, nil
	}
	values := make(plotter.Values, n)
	labels := make([]string, n)
	peak := 0
	for i, t := range traits {
		// Bar 0 is drawn at the bottom: fill from the end so the first trait is on top.
		values[n-1-i] = float64(max(t.UsageCount, 0))
		labels[n-1-i] = traitLabel(t, names)
		peak = max(peak, t.UsageCount)
	}
	bars, err := plotter.NewBarChart(values, vg.Points(22))
	if err != nil {
		return nil, fmt.Errorf("trait bars: %w", err)
	}
	bars.Horizontal, bars.Color, bars.LineStyle.Width = true, rgb(colorInfo), 0
	p.Add(bars)
	p.NominalY(labels...)
	// Room for at least five bars, filled from the top: a short list keeps the
	// spacing of a long one instead of spreading over the whole height.
	slots := max(n, 5)
	p.Y.Min, p.Y.Max = float64(n-slots)-0.5, float64(n-1)+0.5
	p.X.Label.Text = "rolls using it"
	countAxis(&p.X, peak)
	return p, nil
}

// traitLabel is a top trait's name: the API's, else the one names holds for its id.
func traitLabel(t vclient.TopTrait, names map[string]string) string {
	name := strings.TrimSpace(t.Name)
	if name == "" {
		name = strings.TrimSpace(names[t.TraitID])
	}
	if name == "" {
		name = "Unknown trait"
	}
	return truncate(name, maxChartTraitName)
}

// countAxis runs an axis from 0 to a little above peak (at least 1) with whole-number ticks.
func countAxis(a *plot.Axis, peak int) {
	a.Min = 0
	a.Max = math.Max(1, float64(peak)*1.15)
	a.Tick.Marker = plot.TickerFunc(wholeTicks)
}

// wholeTicks labels about five whole numbers between min and max: counts have no fractions.
func wholeTicks(lo, hi float64) []plot.Tick {
	step := math.Max(1, math.Ceil((hi-lo)/5))
	// Round the step to 1, 2 or 5 times a power of ten, so the labels read easily.
	mag := math.Pow(10, math.Floor(math.Log10(step)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= step {
			step = m * mag
			break
		}
	}
	var ticks []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: fmt.Sprint(int64(v))})
	}
	return ticks
}
