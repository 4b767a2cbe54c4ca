import type { RequestFormat, RequestKind, RequestState } from '#db/schema/index.ts';

/** One demo request, written from the seeding clock's point of view. */
export interface Story {
  key: string;
  from: string;
  /** Omit for an open call nobody has picked up. */
  to?: string;
  pickedUp?: boolean;
  skill: string;
  kind: RequestKind;
  state: RequestState;
  format: RequestFormat;
  minutes: number;
  daysAgo: number;
  want: string;
  tried?: string;
  outcome?: string;
  /** Proposed slots: [days from now, local hour in the requester's zone]. */
  slots?: [number, number][];
  /** For accepted/completed/cancelled: the session, [days from now (negative = past), local hour]. */
  session?: [number, number];
  answeredAfterHours?: number;
  reason?: string;
  thread?: [who: 'from' | 'to', text: string, kind?: 'question'][];
  feedback?: { from?: [number, string]; to?: [number, string]; endorse?: boolean };
  /** A participant reported it (the "to" side); the demo moderator sees it in the queue. */
  report?: string;
  plan?: {
    goals: { text: string; due: number; done?: boolean; milestones?: [string, boolean][] }[];
    checkins: [number, string, boolean][];
  };
}

/** Hand-written requests in every state: the demo's stories, reverse mentoring first. */
export const STORIES: Story[] = [
  {
    key: 'amara-bun',
    from: 'amara-okafor',
    to: 'tunde-adeyemi',
    skill: 'Bun',
    kind: 'adhoc',
    state: 'completed',
    format: 'video',
    minutes: 45,
    daysAgo: 24,
    want:
      'Our internal payout scripts run on Node with a pile of dev dependencies. I would like to see whether ' +
      'Bun can run them as they are, and what breaks.',
    tried: 'Ran `bun install` on one repo; the lockfile migrated but two tests hang.',
    outcome: 'A go/no-go for moving the scripts, and a list of the gotchas.',
    session: [-18, 17],
    answeredAfterHours: 3,
    thread: [
      ['to', 'Happy to! Can you push the two hanging tests to a branch? I suspect a timer that never gets unref’d.'],
      ['from', 'Pushed to `bun-trial`. Thank you for doing this.'],
      ['to', 'Found it: `setInterval` in the metrics client. Bun exits differently. See you Thursday!'],
    ],
    feedback: {
      from: [
        5,
        'Tunde found in ten minutes what I had been stuck on for a week, and explained why. Exactly what I hoped for.',
      ],
      to: [5, 'Great questions, and you had everything ready. Fun session!'],
      endorse: true,
    },
  },
  {
    key: 'oliver-htmx',
    from: 'oliver-bennett',
    to: 'diego-hernandez',
    skill: 'htmx',
    kind: 'adhoc',
    state: 'completed',
    format: 'video',
    minutes: 60,
    daysAgo: 40,
    want: 'I maintain a Rails app with Hotwire. I want to understand where htmx would be simpler, with a real page of ours as the example.',
    outcome: 'One page rewritten with htmx so the team can compare.',
    session: [-33, 16],
    answeredAfterHours: 6,
    feedback: {
      from: [5, 'Patient, clear, and very practical. Diego knows htmx inside out.'],
      to: [4, 'Thanks for the interesting comparison with Hotwire.'],
      endorse: true,
    },
  },
  {
    key: 'miguel-htmx',
    from: 'miguel-santos',
    to: 'hamza-qureshi',
    skill: 'htmx',
    kind: 'adhoc',
    state: 'accepted',
    format: 'video',
    minutes: 30,
    daysAgo: 3,
    want: 'Our Laravel admin has grown a lot of jQuery. Could you show me how you would replace the filters page with htmx?',
    tried: 'Read the htmx docs and the Laravel examples; not sure how to handle validation errors.',
    slots: [
      [3, 10],
      [4, 14],
    ],
    session: [3, 10],
    answeredAfterHours: 5,
    thread: [
      ['to', 'Sure! Send me the Blade template of the filters page if you can.'],
      ['from', 'Sent by email. Looking forward to it.'],
    ],
  },
  {
    key: 'thandiwe-llm',
    from: 'thandiwe-nkosi',
    to: 'sneha-iyer',
    skill: 'Large language models',
    kind: 'ongoing',
    state: 'accepted',
    format: 'video',
    minutes: 45,
    daysAgo: 21,
    want:
      'I manage eight engineers and want to understand LLM tooling well enough to judge proposals: what ' +
      'local models can do, what MCP is, where the risks are.',
    outcome: 'By the end of next quarter, make informed calls on two proposals on my desk.',
    session: [-14, 15],
    answeredAfterHours: 2,
    thread: [
      ['to', 'This sounds great. Let’s meet every two weeks and set a couple of goals first.'],
      ['from', 'Perfect. I added two goals to the plan.'],
      ['to', 'Next time I’ll bring Ollama on my laptop so you can try models yourself.'],
    ],
    plan: {
      goals: [
        {
          text: 'Run a local model and know its limits',
          due: 20,
          milestones: [
            ['Install Ollama and run two models', true],
            ['Compare answers on our own docs', false],
          ],
        },
        {
          text: 'Judge the MCP proposal for our support tools',
          due: 60,
          milestones: [['Understand what an MCP server exposes', true]],
        },
      ],
      checkins: [
        [-14, 'First session: the landscape', true],
        [-1, 'Hands-on with Ollama', true],
        [13, 'Reading the MCP proposal together', false],
      ],
    },
  },
  {
    key: 'rahul-bun',
    from: 'rahul-verma',
    to: 'diego-hernandez',
    skill: 'Bun',
    kind: 'adhoc',
    state: 'open',
    format: 'video',
    minutes: 30,
    daysAgo: 2,
    want:
      'We are considering Bun for a few Spring-adjacent tooling scripts. Could you walk me through its ' +
      'test runner and how it compares with Jest?',
    tried: 'Converted one test file; snapshots behave differently.',
    slots: [
      [2, 18],
      [3, 18],
      [5, 9],
    ],
  },
  {
    key: 'liam-bun',
    from: 'liam-oconnor',
    to: 'kai-kahananui',
    skill: 'Bun',
    kind: 'adhoc',
    state: 'open',
    format: 'chat',
    minutes: 30,
    daysAgo: 4,
    want: 'I want to deploy a small Bun + Hono API on Cloudflare Workers. Where do the two runtimes differ in practice?',
    slots: [
      [2, 8],
      [6, 8],
    ],
    answeredAfterHours: 9,
    thread: [
      ['to', 'Good question! Is the API using any Node built-ins (fs, crypto) today?', 'question'],
      ['from', 'Only crypto.randomUUID and fetch, I think.'],
    ],
  },
  {
    key: 'sarah-ai',
    from: 'sarah-goldberg',
    to: 'ben-carter',
    skill: 'AI coding assistants',
    kind: 'adhoc',
    state: 'completed',
    format: 'video',
    minutes: 60,
    daysAgo: 30,
    want: 'Show me how you actually use an AI assistant in your daily work, warts and all. I want to set sensible team guidelines.',
    session: [-25, 11],
    answeredAfterHours: 1,
    feedback: {
      from: [5, 'Honest and practical. The "when not to use it" part was the most useful.'],
      to: [5, 'Thank you for listening so carefully.'],
      endorse: true,
    },
  },
  {
    key: 'ingrid-ai',
    from: 'ingrid-johansson',
    to: 'ben-carter',
    skill: 'AI coding assistants',
    kind: 'adhoc',
    state: 'accepted',
    format: 'video',
    minutes: 45,
    daysAgo: 2,
    want: 'Sarah recommended you. Could you give me the same tour of your AI-assisted workflow?',
    slots: [
      [1, 16],
      [2, 10],
    ],
    session: [1, 16],
    answeredAfterHours: 4,
  },
  {
    key: 'weiming-llm',
    from: 'wei-ming-tan',
    to: 'sneha-iyer',
    skill: 'Large language models',
    kind: 'adhoc',
    state: 'declined',
    format: 'video',
    minutes: 30,
    daysAgo: 9,
    want: 'A quick overview of running models locally for a hiring-tools prototype.',
    answeredAfterHours: 20,
    reason:
      "Thank you for thinking of me! I'm stretched thin right now and couldn't give this the attention " +
      'it deserves.\n\nCamila knows Ollama really well and might help sooner.',
  },
  {
    key: 'chidi-playwright',
    from: 'chidi-eze',
    to: 'elena-popescu',
    skill: 'Playwright',
    kind: 'ongoing',
    state: 'accepted',
    format: 'video',
    minutes: 60,
    daysAgo: 35,
    want:
      'I write Playwright tests every day but I want to design a test suite, not just add tests to one. ' +
      'Would you mentor me for a couple of months?',
    outcome: 'Lead the redesign of our end-to-end suite at work.',
    session: [-28, 17],
    answeredAfterHours: 8,
    plan: {
      goals: [
        {
          text: 'Write a test strategy document for the team',
          due: 25,
          milestones: [
            ['Map what the current suite covers', true],
            ['Draft the strategy', false],
          ],
        },
        {
          text: 'Cut the suite’s flaky-test rate in half',
          due: 55,
          done: false,
          milestones: [
            ['Add retries with trace on first retry', true],
            ['Fix the five flakiest tests', false],
          ],
        },
      ],
      checkins: [
        [-28, 'Kick-off and goals', true],
        [-14, 'Review of the coverage map', true],
        [0, 'Strategy draft review', false],
        [14, 'Flaky tests follow-up', false],
      ],
    },
  },
  {
    key: 'fatou-sql',
    from: 'fatou-diallo',
    to: 'priya-raghunathan',
    skill: 'PostgreSQL',
    kind: 'ongoing',
    state: 'accepted',
    format: 'video',
    minutes: 45,
    daysAgo: 12,
    want: 'I am a student and want to get good at SQL and PostgreSQL for data work. Could we meet every few weeks?',
    session: [-5, 16],
    answeredAfterHours: 12,
    plan: {
      goals: [
        {
          text: 'Write window-function queries without looking things up',
          due: 45,
          milestones: [['Finish the exercises Priya shared', false]],
        },
      ],
      checkins: [
        [-5, 'First session', true],
        [16, 'Exercise review', false],
      ],
    },
  },
  {
    key: 'kagiso-rust',
    from: 'kagiso-molefe',
    to: 'anna-novak',
    skill: 'Rust',
    kind: 'adhoc',
    state: 'completed',
    format: 'video',
    minutes: 60,
    daysAgo: 50,
    want: 'Help me understand lifetimes in a small Axum service I am writing.',
    session: [-45, 18],
    answeredAfterHours: 7,
    feedback: { from: [5, 'Lifetimes finally make sense.'], endorse: true },
  },
  {
    key: 'farhan-rust',
    from: 'farhan-chowdhury',
    to: 'noah-whitehorse',
    skill: 'Rust',
    kind: 'adhoc',
    state: 'completed',
    format: 'chat',
    minutes: 30,
    daysAgo: 28,
    want: 'Review my first Rust CLI and tell me what is not idiomatic.',
    session: [-26, 15],
    answeredAfterHours: 10,
    feedback: { from: [4, 'Very useful review, thank you.'], to: [5, 'Clean code already!'], endorse: true },
  },
  {
    key: 'mateusz-rust',
    from: 'mateusz-kowalski',
    to: 'anna-novak',
    skill: 'Rust',
    kind: 'adhoc',
    state: 'completed',
    format: 'video',
    minutes: 45,
    daysAgo: 19,
    want: 'Async Rust with Tokio for someone coming from Java: where do I start?',
    session: [-15, 19],
    answeredAfterHours: 3,
    feedback: { from: [4, 'Good starting points, thank you.'] },
  },
  {
    key: 'arjun-k8s',
    from: 'arjun-mehta',
    to: 'wei-zhang',
    skill: 'Kubernetes',
    kind: 'adhoc',
    state: 'open',
    format: 'video',
    minutes: 30,
    daysAgo: 5,
    want: 'Our team is moving a Python service to Kubernetes. I would like a sanity check of my manifests before the review.',
    slots: [
      [2, 19],
      [4, 19],
    ],
  },
  {
    key: 'tyler-pg',
    from: 'tyler-brooks',
    to: 'jessica-alvarez',
    skill: 'PostgreSQL',
    kind: 'adhoc',
    state: 'withdrawn',
    format: 'chat',
    minutes: 30,
    daysAgo: 8,
    want: 'How should I index a table that is mostly filtered by a JSON column?',
    thread: [['from', 'Withdrawing: a colleague helped me sort it out. Thank you anyway!']],
  },
  {
    key: 'jiwoo-k8s',
    from: 'ji-woo-park',
    to: 'kwame-mensah',
    skill: 'Kubernetes',
    kind: 'adhoc',
    state: 'expired',
    format: 'video',
    minutes: 30,
    daysAgo: 20,
    want: 'Could you explain how you structure Helm charts for many small services?',
  },
  {
    key: 'chloe-pg',
    from: 'chloe-nguyen',
    to: 'jessica-alvarez',
    skill: 'PostgreSQL',
    kind: 'adhoc',
    state: 'cancelled',
    format: 'video',
    minutes: 45,
    daysAgo: 10,
    want: 'Data modelling for a multi-tenant app with Drizzle: one schema per tenant or a tenant column?',
    session: [-2, 9],
    answeredAfterHours: 4,
    reason: 'Sorry, I am off sick this week. Please send it again and we will find a new time.',
  },
  {
    key: 'sabin-terraform',
    from: 'sabin-shrestha',
    to: 'nurul-rahman',
    skill: 'Terraform',
    kind: 'adhoc',
    state: 'accepted',
    format: 'video',
    minutes: 30,
    daysAgo: 4,
    want: 'I want to move our Docker-compose staging setup to Terraform on AWS. How would you split the modules?',
    slots: [[5, 18]],
    session: [5, 18],
    answeredAfterHours: 15,
  },
  {
    key: 'putri-pg',
    from: 'putri-wulandari',
    to: 'amara-okafor',
    skill: 'PostgreSQL',
    kind: 'adhoc',
    state: 'open',
    format: 'video',
    minutes: 30,
    daysAgo: 1,
    want: 'My Tauri app keeps a local cache that syncs to PostgreSQL. Could you look at my sync table design?',
    slots: [
      [3, 20],
      [4, 20],
    ],
  },
  {
    key: 'aisha-a11y',
    from: 'aisha-bello',
    to: 'aroha-ngata',
    pickedUp: true,
    skill: 'Web accessibility',
    kind: 'adhoc',
    state: 'accepted',
    format: 'video',
    minutes: 30,
    daysAgo: 3,
    want: 'I built my portfolio with Astro. Could someone check it with a screen reader with me?',
    slots: [[4, 9]],
    session: [4, 9],
    answeredAfterHours: 2,
  },
  {
    key: 'devon-docker',
    from: 'devon-clarke',
    skill: 'Docker',
    kind: 'adhoc',
    state: 'open',
    format: 'chat',
    minutes: 30,
    daysAgo: 1,
    want: 'Anyone who knows Docker, 30 minutes this week: my Deno app image is 900 MB and I do not know why.',
    tried: 'Switched to an alpine base; it got smaller but still huge.',
    slots: [
      [2, 17],
      [3, 17],
    ],
  },
  {
    key: 'valentina-terraform',
    from: 'valentina-gomez',
    skill: 'Terraform',
    kind: 'adhoc',
    state: 'open',
    format: 'video',
    minutes: 45,
    daysAgo: 3,
    want: 'Looking for someone who knows Terraform to review how I handle state for three environments.',
    slots: [
      [2, 11],
      [5, 11],
    ],
  },
  {
    key: 'jack-tailwind',
    from: 'jack-thompson',
    to: 'tyler-brooks',
    skill: 'Tailwind CSS',
    kind: 'adhoc',
    state: 'declined',
    format: 'video',
    minutes: 30,
    daysAgo: 6,
    want:
      'Quick chat about Tailwind? Also, my company is hiring front-end engineers, and I think you would ' +
      'be a great fit. Let us talk salary.',
    answeredAfterHours: 30,
    reason: 'This reads like a recruiting pitch rather than a request for help, so I will pass.',
    report: 'This was a recruiting pitch, not a request for help. Third one this month from this person.',
  },
  {
    key: 'somchai-polars',
    from: 'somchai-wongsakul',
    skill: 'Polars',
    kind: 'reverse',
    state: 'open',
    format: 'video',
    minutes: 45,
    daysAgo: 2,
    want: 'Reverse mentoring wanted: I have used Pandas for ten years. Who can show me how Polars thinks, on one of my real notebooks?',
    slots: [
      [3, 10],
      [4, 15],
    ],
  },
];
