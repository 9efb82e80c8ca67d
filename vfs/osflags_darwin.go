package vfs

import "syscall"

// hostOpenFlags on darwin: its syscall flags that have a Linux twin.
var hostOpenFlags = []openFlagMap{
	{syscall.O_NONBLOCK, O_NONBLOCK}, {syscall.O_NOCTTY, O_NOCTTY},
	{syscall.O_DSYNC, O_DSYNC}, {syscall.O_ASYNC, O_ASYNC},
	{syscall.O_DIRECTORY, O_DIRECTORY}, {syscall.O_NOFOLLOW, O_NOFOLLOW},
	{syscall.O_CLOEXEC, O_CLOEXEC},
}
