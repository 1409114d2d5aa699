import { generateBoxKeyPair, toBase64 } from '@corridor/crypto';
import { teamDirectoryRoute } from '@corridor/protocol';
import {
  acceptPlacement,
  addExpense,
  approveExpense,
  type CaseView,
  caseExpenses,
  createPartner,
  defaultChecklist,
  evacuationPlan,
  listShelterPlacements,
  listShelters,
  loadTeamKeyring,
  type MemberSession,
  makeReferral,
  openCase,
  referralResponseBaseUrl,
  requestPlacement,
  saveEvacuationPlan,
  saveRelocation,
  saveShelter,
  scheduleCheckin,
  scheduleFollowUps,
  setFundsThreshold,
} from '@corridor/vault';

/**
 * Issue 7's rescue operations in the demo organisation, written through the same client
 * core the web app uses: shelters sealed to the shelter team with a placement, an
 * evacuation plan with its checklist, expenses (one approved by a second member),
 * check-ins (one overdue, so the dashboard and alarms show something), a relocation with
 * its follow-ups, and a partner with a referral. Every place, name and organisation here
 * is invented.
 */
export interface DemoRescueMembers {
  readonly admin: MemberSession;
  readonly hotline: MemberSession;
  readonly coordinator: MemberSession;
  readonly shelter: MemberSession;
}

/** The demo cases the rescue operations are written to (their ids). */
export interface DemoRescueCases {
  /** In `evacuation`: the plan, checklist, expenses and check-ins. */
  readonly evacuation: string;
  /** In `shelter`, verified: placed in a shelter bed. */
  readonly shelter: string;
  /** In `relocation`: destination, follow-ups and a referral. */
  readonly relocation: string;
}

const dayMs = 24 * 60 * 60 * 1000;
const at = (now: Date, hours: number) => new Date(now.getTime() + hours * 3_600_000).toISOString();
const day = (now: Date, days: number) =>
  new Date(now.getTime() + days * dayMs).toISOString().slice(0, 10);

/** The threshold above which an expense needs a second member (EUR 200). */
const demoThreshold = { amountMinor: 20_000, currency: 'EUR' } as const;

export async function seedDemoRescue(
  members: DemoRescueMembers,
  cases: DemoRescueCases,
  now: Date = new Date(),
): Promise<void> {
  const { admin, hotline, coordinator, shelter } = members;
  const { teams } = await coordinator.api.call(teamDirectoryRoute);
  const team = (name: string) => {
    const found = teams.find((t) => t.name === name);
    if (!found) throw new Error(`demo team ${name} is missing`);
    return found;
  };
  const ring = await loadTeamKeyring(coordinator);
  const open = (caseId: string): Promise<CaseView> => openCase(coordinator, ring, caseId);

  // Shelters: the addresses sealed to the shelter team; everyone else sees code and beds.
  const shelters = team('Shelters');
  const sever = await saveShelter(shelter, shelters, {
    code: 'Sever',
    beds: [{ label: '1A' }, { label: '1B' }, { label: '2A' }, { label: '2B' }],
    content: {
      address: 'Vymyshlennaya ulitsa 1, kv. 2 (fictional address)',
      rules: 'No visitors; do not share the address; back by 22:00 (demo rules)',
      keeper: 'Ask for the keeper "Demo Olga", +7 900 000 00 90 (fictional)',
      notes: 'Buzzer broken, knock twice (demo)',
    },
  });
  await saveShelter(shelter, shelters, {
    code: 'Reka',
    beds: [{ label: 'A' }, { label: 'B' }],
    content: {
      address: 'Primernyi pereulok 5 (fictional address)',
      rules: 'Quiet after 23:00 (demo rules)',
      keeper: 'Ask for "Demo Ruslan", +7 900 000 00 91 (fictional)',
      notes: '',
    },
  });
  const shelterRing = await loadTeamKeyring(shelter);
  const severHouse = (await listShelters(shelter, shelterRing)).shelters.find(
    (s) => s.id === sever.id,
  );
  const severBed = severHouse?.beds[2];
  if (!severHouse || !severBed) throw new Error('demo shelter Sever is missing');
  // The verified couple's case asks for a bed; the shelter team accepts it.
  const placementId = await requestPlacement(coordinator, ring, await open(cases.shelter), {
    shelterId: sever.id,
    bedId: severBed.id,
    from: day(now, -5),
    to: null,
  });
  const placement = (await listShelterPlacements(shelter, sever.id)).find(
    (p) => p.id === placementId,
  );
  if (!placement) throw new Error('demo placement is missing');
  await acceptPlacement(shelter, severHouse, placement, severBed.id, teams);

  // The evacuation: two legs, the second across a border, and the documents checklist.
  const checklist = defaultChecklist().map((item) => {
    if (item.kind === 'passport') return { ...item, required: true, done: true };
    if (item.kind === 'tickets')
      return { ...item, label: 'Bus and plane (demo)', required: true, done: true };
    if (item.kind === 'visa')
      return { ...item, label: 'Humanitarian visa, appointment booked (demo)', required: true };
    return item;
  });
  await saveEvacuationPlan(coordinator, await open(cases.evacuation), {
    legs: [
      {
        from: 'Fictional town A',
        to: 'Fictional city B, bus station',
        transport: 'Night bus (demo)',
        departureAt: at(now, 30),
        arrivalAt: at(now, 40),
        escortId: coordinator.account.id,
        coverStory: 'Visiting an aunt (demo cover story)',
        documents: 'Internal passport',
        money: { amountMinor: 4_500, currency: 'EUR' },
        leavesCountry: false,
      },
      {
        from: 'Fictional city B, airport',
        to: 'Demo Country, capital',
        transport: 'Flight DM 123 (fictional)',
        departureAt: at(now, 60),
        arrivalAt: at(now, 66),
        escortId: null,
        coverStory: 'Tourist trip (demo cover story)',
        documents: 'International passport, visa',
        money: { amountMinor: 35_000, currency: 'EUR' },
        leavesCountry: true,
      },
    ],
    checklist,
  });

  // Expenses over the organisation's threshold need a second member's approval.
  await setFundsThreshold(admin.api, demoThreshold);
  await addExpense(
    coordinator,
    await open(cases.evacuation),
    {
      category: 'travel',
      amountMinor: 4_500,
      currency: 'EUR',
      date: day(now, 0),
      paidBy: 'Demo coordinator',
      note: 'Night bus tickets (demo)',
      receipt: null,
    },
    demoThreshold,
  );
  await addExpense(
    coordinator,
    await open(cases.evacuation),
    {
      category: 'travel',
      amountMinor: 35_000,
      currency: 'EUR',
      date: day(now, 0),
      paidBy: 'Demo coordinator',
      note: 'Plane ticket (demo)',
      receipt: null,
    },
    demoThreshold,
  );
  const hotlineRing = await loadTeamKeyring(hotline);
  const hotlineView = await openCase(hotline, hotlineRing, cases.evacuation);
  const flight = caseExpenses(hotlineView, demoThreshold).find(
    (e) => e.needsApproval && e.state === 'pending',
  );
  if (!flight) throw new Error('demo expense awaiting approval is missing');
  await approveExpense(hotline, hotlineView, flight.id, 'Agreed with the fund (demo)');

  // Check-ins: one missed two hours ago (an alarm at once), one for the first leg's arrival.
  const ladder = [
    { afterMinutes: 0, accountIds: [coordinator.account.id], teamIds: [] },
    { afterMinutes: 30, accountIds: [], teamIds: [team('Hotline').id] },
  ];
  await scheduleCheckin(coordinator, await open(cases.evacuation), {
    ref: null,
    note: 'Was to call after packing (demo)',
    purpose: 'arrival',
    dueAt: at(now, -2),
    graceMinutes: 15,
    ladder,
    conversationId: null,
    words: null,
  });
  const firstLeg = evacuationPlan(await open(cases.evacuation)).legs[0];
  await scheduleCheckin(coordinator, await open(cases.evacuation), {
    ref: firstLeg?.id ?? null,
    note: 'Call from the bus station on arrival (demo)',
    purpose: 'arrival',
    dueAt: at(now, 41),
    graceMinutes: 30,
    ladder,
    conversationId: null,
    words: null,
  });

  // Relocation: arrived three weeks ago, so the 30-day follow-up is next.
  await saveRelocation(coordinator, await open(cases.relocation), {
    destination: { country: 'DE', city: 'Demostadt (fictional)' },
    route: 'humanitarian_visa',
    steps: [
      {
        title: 'Visa appointment (demo)',
        dueDate: day(now, -60),
        doneDate: day(now, -60),
        documents: ['Passport', 'Invitation letter'],
        done: true,
      },
      {
        title: 'Register at the local office (demo)',
        dueDate: day(now, 7),
        doneDate: null,
        documents: ['Visa'],
        done: false,
      },
    ],
    status: 'arrived',
    arrivalDate: day(now, -21),
  });
  await scheduleFollowUps(coordinator, ring, cases.relocation);

  // A partner organisation with a public key, and a referral sealed to it. The package
  // would be handed over outside Corridor; the demo has no partner to give it to.
  const partnerKeys = generateBoxKeyPair();
  const partner = await createPartner(admin, {
    name: 'Demo Partner Haven (fictional)',
    country: 'DE',
    publicKey: toBase64(partnerKeys.publicKey),
    notificationEmail: null,
  });
  await makeReferral(coordinator, await open(cases.relocation), {
    partner,
    fields: ['identity.name', 'relocation.summary'],
    consent: { basis: 'consent', how: 'Agreed on a video call (demo)' },
    lock: { mode: 'sealed' },
    from: { organisation: 'Demo organisation', member: 'coordinator' },
    responseBaseUrl: await referralResponseBaseUrl(coordinator),
  });
}
