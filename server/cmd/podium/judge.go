package main

import (
	"io"

	"github.com/podium-contests/podium/server/judgecli"
)

func judge(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return judgecli.Run(args, stdin, stdout, stderr)
}
