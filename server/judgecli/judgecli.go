// Package judgecli is the command-line adapter of the judging package:
// "podium judge assign", "podium judge rank", "podium judge plan-reviews" and
// "podium judge combine"
// (docs/architecture.md). It reads the
// JSON input from stdin, writes the JSON result to stdout, and maps errors to
// exit statuses: 2 with a one-line message on stderr for invalid input, 3
// with the explanation for an infeasible assignment, 1 for I/O failures.
package judgecli

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/podium-contests/podium/judging"
)

// Exit statuses of Run.
const (
	ExitOK         = 0
	ExitFailure    = 1 // reading input or writing output failed
	ExitInvalid    = 2 // invalid input or usage
	ExitInfeasible = 3 // no assignment satisfies the constraints
)

const usage = `usage: podium judge assign [--keep FILE] < input.json
       podium judge rank < input.json
       podium judge plan-reviews < input.json
       podium judge combine < input.json`

// Run executes "podium judge <args...>" and returns the exit status.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		return fail(stderr, "judge", ExitInvalid, errors.New("missing command (want assign, rank, plan-reviews or combine)"))
	}
	cmd := "judge " + args[0]
	var (
		result any
		err    error
	)
	switch args[0] {
	case "assign":
		result, err = assign(args[1:], stdin)
	case "rank":
		result, err = rank(args[1:], stdin)
	case "plan-reviews":
		result, err = planReviews(args[1:], stdin)
	case "combine":
		result, err = jsonCommand(args[1:], stdin, judging.DecodeCombineInput, judging.Combine)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return ExitOK
	default:
		return fail(stderr, "judge", ExitInvalid, fmt.Errorf("unknown command %q (want assign, rank, plan-reviews or combine)", args[0]))
	}
	var inf *judging.InfeasibleError
	var ie *judging.InputError
	var ue usageError
	switch {
	case errors.As(err, &inf):
		return fail(stderr, cmd, ExitInfeasible, err)
	case errors.As(err, &ie):
		return fail(stderr, cmd, ExitInvalid, fmt.Errorf("invalid input: %w", err))
	case errors.As(err, &ue):
		return fail(stderr, cmd, ExitInvalid, err)
	case err != nil:
		return fail(stderr, cmd, ExitFailure, err)
	}
	out, err := json.Marshal(result)
	if err != nil {
		return fail(stderr, cmd, ExitFailure, err)
	}
	if _, err := stdout.Write(append(out, '\n')); err != nil {
		return fail(stderr, cmd, ExitFailure, fmt.Errorf("write output: %w", err))
	}
	return ExitOK
}

// usageError is a bad command line (flags, --keep file).
type usageError struct{ error }

// fail prints the one line "podium <cmd>: <message>" and returns code.
func fail(stderr io.Writer, cmd string, code int, err error) int {
	fmt.Fprintf(stderr, "podium %s: %s\n", cmd, strings.ReplaceAll(err.Error(), "\n", " "))
	return code
}

func assign(args []string, stdin io.Reader) (any, error) {
	fs := flag.NewFlagSet("podium judge assign", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	keep := fs.String("keep", "", "previous assignment `FILE` (JSON output of assign): keep its pairs, re-assign only what is affected")
	if err := fs.Parse(args); err != nil {
		return nil, usageError{err}
	}
	if fs.NArg() > 0 {
		return nil, usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	// Streamed: the input can be a 100 MB affinity list.
	in, err := judging.DecodeAssignReader(stdin)
	if err != nil {
		return nil, err
	}
	if *keep == "" {
		return judging.Assign(in)
	}
	prev, err := readKeep(*keep)
	if err != nil {
		return nil, err
	}
	return judging.Reassign(in, prev)
}

// readKeep reads a previous "podium judge assign" output.
func readKeep(path string) ([]judging.Assignment, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usageError{fmt.Errorf("--keep: %w", err)}
	}
	var prev struct {
		Assignments []judging.Assignment `json:"assignments"`
	}
	if err := json.Unmarshal(data, &prev); err != nil {
		return nil, usageError{fmt.Errorf("--keep %s: not an assign output: %v", path, err)}
	}
	return prev.Assignments, nil
}

func rank(args []string, stdin io.Reader) (any, error) {
	return jsonCommand(args, stdin, judging.DecodeRankInput, judging.Rank)
}

func planReviews(args []string, stdin io.Reader) (any, error) {
	return jsonCommand(args, stdin, judging.DecodePlanInput, judging.PlanReviews)
}

// jsonCommand is a command without flags: read all of stdin, decode it,
// run.
func jsonCommand[In, Out any](args []string, stdin io.Reader, decode func([]byte) (In, error), run func(In) (Out, error)) (any, error) {
	if len(args) > 0 {
		return nil, usageError{fmt.Errorf("unexpected argument %q", args[0])}
	}
	data, err := readInput(stdin)
	if err != nil {
		return nil, err
	}
	in, err := decode(data)
	if err != nil {
		return nil, err
	}
	return run(in)
}

// readInput reads all of stdin, sizing the buffer up front when stdin is a
// regular file (inputs can exceed 100 MB; growing by doubling would copy
// them several times).
func readInput(stdin io.Reader) ([]byte, error) {
	var buf bytes.Buffer
	if f, ok := stdin.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			buf.Grow(int(fi.Size()) + bytes.MinRead)
		}
	}
	if _, err := buf.ReadFrom(stdin); err != nil {
		return nil, fmt.Errorf("read input: %w", err)
	}
	return buf.Bytes(), nil
}
