package vfs

import "syscall"

// hostOpenFlags on Linux: the host's own flags, which differ from the
// linux/amd64 numbers govfs models on some architectures (arm64 swaps
// O_DIRECTORY and O_DIRECT). O_LARGEFILE has no bit in the model (it is
// implied on 64-bit), so it is dropped. O_PATH and __O_TMPFILE are not
// in package syscall; their asm-generic values are used.
var hostOpenFlags = []openFlagMap{
	{0x400000 | syscall.O_DIRECTORY, O_TMPFILE}, {0x200000, O_PATH},
	{syscall.O_NONBLOCK, O_NONBLOCK}, {syscall.O_NOCTTY, O_NOCTTY},
	{syscall.O_DSYNC, O_DSYNC}, {syscall.O_ASYNC, O_ASYNC}, {syscall.O_DIRECT, O_DIRECT},
	{syscall.O_LARGEFILE, 0}, {syscall.O_DIRECTORY, O_DIRECTORY},
	{syscall.O_NOFOLLOW, O_NOFOLLOW}, {syscall.O_NOATIME, O_NOATIME},
	{syscall.O_CLOEXEC, O_CLOEXEC},
}
