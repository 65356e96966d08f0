package judgecli

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
)

// writeAssign is set by "-write-assign FILE" to write the benchmark's
// full-size input to FILE (see TestWriteLargeAssign).
var writeAssign = flag.String("write-assign", "", "write the full-size assign benchmark input to this `file` and exit")

// writeLargeAssign writes the issue's assignment instance as "podium judge
// assign" JSON: nE entries in 20 tracks, nJ judges with one home track (a
// third also take a second), loads 55–65, k=3, track_rule prefer, 5%
// conflicts and an affinity for every other judge-entry pair (0.4–1.0 in
// track, 0–0.3 outside, 4 decimals). It is the same distribution as the
// judging package's BenchmarkAssign instance.
func writeLargeAssign(w io.Writer, nE, nJ int, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 1))
	const tracks = 20
	bw := bufio.NewWriterSize(w, 1<<16)
	entryTrack := make([]int, nE)
	fmt.Fprint(bw, `{"k": 3, "track_rule": "prefer", "entries": [`)
	for e := range nE {
		entryTrack[e] = rng.IntN(tracks)
		if e > 0 {
			bw.WriteString(", ")
		}
		fmt.Fprintf(bw, `{"id": "e%d", "track": "t%d"}`, e, entryTrack[e])
	}
	bw.WriteString("],\n \"judges\": [")
	judgeTracks := make([][]int, nJ)
	for j := range nJ {
		judgeTracks[j] = []int{j % tracks}
		if rng.IntN(3) == 0 {
			judgeTracks[j] = append(judgeTracks[j], rng.IntN(tracks))
		}
		if j > 0 {
			bw.WriteString(", ")
		}
		fmt.Fprintf(bw, `{"id": "j%d", "min_load": 55, "max_load": 65, "tracks": [`, j)
		for i, t := range judgeTracks[j] {
			if i > 0 {
				bw.WriteString(", ")
			}
			fmt.Fprintf(bw, `"t%d"`, t)
		}
		bw.WriteString("]}")
	}
	// The affinity list is streamed; the (5%) conflicts are buffered and
	// written after it.
	bw.WriteString("],\n \"affinity\": [")
	var conflicts bytes.Buffer
	num := make([]byte, 0, 32)
	first := true
	for e := range nE {
		for j := range nJ {
			if rng.IntN(20) == 0 {
				if conflicts.Len() > 0 {
					conflicts.WriteString(", ")
				}
				fmt.Fprintf(&conflicts, `["j%d", "e%d"]`, j, e)
				continue
			}
			v := 0.3 * rng.Float64()
			for _, t := range judgeTracks[j] {
				if t == entryTrack[e] {
					v = 0.4 + 0.6*rng.Float64()
					break
				}
			}
			if !first {
				bw.WriteString(",\n")
			}
			first = false
			num = strconv.AppendFloat(num[:0], float64(int(v*1e4))/1e4, 'f', -1, 64)
			fmt.Fprintf(bw, `["j%d","e%d",%s]`, j, e, num)
		}
	}
	bw.WriteString("],\n \"conflicts\": [")
	bw.Write(conflicts.Bytes())
	bw.WriteString("]}\n")
	return bw.Flush()
}

// TestWriteLargeAssign writes the full-size input for measurements outside
// "go test" (peak RSS with /usr/bin/time -v); it is skipped unless
// -write-assign is given:
//
//	go test ./server/judgecli/ -run TestWriteLargeAssign -args -write-assign /tmp/big.json
func TestWriteLargeAssign(t *testing.T) {
	if *writeAssign == "" {
		t.Skip("no -write-assign file")
	}
	f, err := os.Create(*writeAssign)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeLargeAssign(f, 10000, 500, 1); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkRunAssign runs "podium judge assign" end to end (read stdin,
// decode, solve, encode stdout) on the full-size instance with every
// affinity listed (≈ 4.75M triples, ≈ 117 MB of JSON), generated once.
func BenchmarkRunAssign(b *testing.B) {
	var input bytes.Buffer
	if err := writeLargeAssign(&input, 10000, 500, 1); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(input.Len()))
	b.ResetTimer()
	for range b.N {
		var stdout, stderr bytes.Buffer
		if code := Run([]string{"assign"}, bytes.NewReader(input.Bytes()), &stdout, &stderr); code != ExitOK {
			b.Fatalf("exit %d: %s", code, stderr.String())
		}
	}
}
