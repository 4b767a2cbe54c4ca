import type { EventFormat, EventKind, EventStatus } from '#db/schema/index.ts';

/** One demo event, as written by hand. */
export interface DemoEvent {
  key: string;
  organizer: string;
  kind: EventKind;
  title: string;
  description: string;
  topics: string[];
  format: EventFormat;
  venue?: string;
  online?: string;
  /** Days from the seeding clock (negative: past), and local start/end "HH:MM" in the organiser's zone. */
  day: number;
  start: string;
  end: string;
  capacity: number;
  going: number;
  waitlisted?: number;
  /** Members who must be among those going (the README's demo login, so it has events to show). */
  mustGo?: string[];
  mustWait?: string[];
  hosts?: string[];
  speakers?: string[];
  status?: EventStatus;
  cancelReason?: string;
  slides?: string;
  recording?: string;
  list?: string;
}
