package domain

import "context"

// optimisticAttempts bounds the reads and writes of one optimistic change
// whose object keeps changing under it.
const optimisticAttempts = 5

// optimistic runs one optimistic change: try reads the object with its
// revision, decides, and writes only if the object is still at that
// revision, reporting done; not done means someone else wrote meanwhile,
// and try runs again on a fresh read, told that an earlier attempt lost
// (lost). The store holds no transaction open across the decision. After
// optimisticAttempts losses, a conflict naming what kept changing.
func optimistic[T any](ctx context.Context, what string, try func(lost bool) (T, bool, error)) (T, error) {
	var zero T
	for i := range optimisticAttempts {
		if err := ctx.Err(); err != nil {
			return zero, err
		}
		v, done, err := try(i > 0)
		if err != nil {
			return zero, err
		}
		if done {
			return v, nil
		}
	}
	return zero, Errorf(CodeConflict, "%s kept changing while it was saved; try again", what)
}
