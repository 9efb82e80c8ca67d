package anonfs

// NoopSeekForTest lets the external tests build an object that seeks
// like the real ones.
type NoopSeekForTest = noopSeek
