// Package replicatest proves that several `podium serve` replicas against
// one database and one bucket behave as one server. Its test builds the
// real binary and runs two processes; it has no code of its own.
package replicatest
