package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestTimers(t *testing.T) {
	defer goleak.VerifyNone(t)
	var out bytes.Buffer
	require.NoError(t, run(&out))
	for _, want := range []string{
		"alarm(2) replaces it and returns 5",
		`[t=2s] the read returns "interrupted system call" (EINTR); the signals the process got: [14]`,
		"[t=5.5s] read(fd 3) returns 3 expirations, and 0 new signals arrived",
		"the next one in 500ms, then every 1s",
		"wakes with 1 ready: pipe revents 0x0, timerfd revents 0x1 (POLLIN)",
		"the child's alarm(0) returns 0: alarms are not inherited",
		"[t=8s] the child reads the inherited fd 3: 2 expirations",
		"holds 0 armed timers: the expired timerfd waits to be read",
		"one read returns 3600 expirations",
		"the last close disarms it: 0 timers armed",
	} {
		require.Contains(t, out.String(), want)
	}
}
