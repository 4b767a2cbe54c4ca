/* Pure helpers for a member's home page. */

/** One step towards a profile people can find and ask. */
export interface NewcomerStep {
  label: string;
  hint: string;
  href: string;
  done: boolean;
}

/** What the newcomer checklist reads about the member. */
export interface ProfileFacts {
  /** They saved the profile form at least once (seniority and zone chosen, not defaults). */
  profileSetUp: boolean;
  skills: number;
  teaches: boolean;
  hasPicture: boolean;
}

/**
 * The steps to a useful profile, in order, and whether to show them at all: only while
 * one of the steps that make a member findable (profile, skills, teaching) is open. The
 * picture is suggested, never required.
 */
export function newcomerSteps(facts: ProfileFacts): { items: NewcomerStep[]; done: number; show: boolean } {
  const items: NewcomerStep[] = [
    {
      label: 'Say who you are',
      hint: 'Your seniority, time zone and a one-line headline.',
      href: '/settings/profile',
      done: facts.profileSetUp,
    },
    {
      label: 'Add your skills',
      hint: 'What you know and what you want to learn, with a level for each.',
      href: '/settings/skills',
      done: facts.skills > 0,
    },
    {
      label: 'Mark what you can teach',
      hint: 'Even one topic: people who know it a little less will find you.',
      href: '/settings/skills',
      done: facts.teaches,
    },
    {
      label: 'Add a picture',
      hint: 'Optional. People answer a face sooner than a name.',
      href: '/settings/avatar',
      done: facts.hasPicture,
    },
  ];
  return {
    items,
    done: items.filter((s) => s.done).length,
    show: !(facts.profileSetUp && facts.skills > 0 && facts.teaches),
  };
}
