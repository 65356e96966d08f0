// Remembers the team a user created or joined per contest, as a fallback for
// servers that do not say it in GET /me (roles[].team_id) or the contest.

const key = (userId: string | number, slug: string) => `podium.team.${userId}.${slug}`;

export function rememberTeam(userId: string | number, slug: string, teamId: string | number): void {
  try {
    localStorage.setItem(key(userId, slug), String(teamId));
  } catch {
    /* storage unavailable */
  }
}

export function rememberedTeam(userId: string | number, slug: string): string | null {
  try {
    return localStorage.getItem(key(userId, slug));
  } catch {
    return null;
  }
}

export function forgetTeam(userId: string | number, slug: string): void {
  try {
    localStorage.removeItem(key(userId, slug));
  } catch {
    /* storage unavailable */
  }
}
