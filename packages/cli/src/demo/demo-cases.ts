import { type Stage, teamDirectoryRoute } from '@corridor/protocol';
import {
  addNote,
  changeWorkflow,
  confirmVerified,
  createCase,
  loadTeamKeyring,
  type MemberSession,
  openCase,
  proposeVerified,
} from '@corridor/vault';
import { documentedPeople } from './demo-documentation.ts';

/**
 * Synthetic cases for the demo organisation, in Russian and English. Every name, phone
 * number and place here is invented; none describes a real person.
 */
interface DemoCase {
  readonly title: string;
  readonly riskLevel: number;
  /** The stages it has moved through after `new`, in order. */
  readonly path: readonly Stage[];
  readonly closedReason?: 'relocated' | 'lost_contact' | 'settled_in_country';
  readonly identity: Record<string, string>;
  readonly situation: Record<string, string>;
  readonly location: Record<string, string>;
  readonly testimony?: Record<string, string>;
  readonly notes: readonly string[];
}

const demoCases: readonly DemoCase[] = [
  {
    title: 'Звонок с автовокзала (вымышленное дело)',
    riskLevel: 5,
    path: ['triage', 'verification', 'evacuation'],
    identity: { name: 'Аслан Вымышленный', aliases: 'Асик', phone: '+7 900 000 00 01' },
    situation: {
      threat: 'Родственники узнали об ориентации, угрожают «решить вопрос»',
      threatFrom: 'семья',
      needs: 'Срочный выезд из региона, лекарства',
    },
    location: {
      whereabouts: 'Временная квартира у знакомых (вымышленный адрес)',
      plan: 'Автобус до Минеральных Вод, затем поезд',
    },
    testimony: {
      statement:
        'Вымышленные показания для демонстрации: задержан на два дня, отпущен под давлением семьи.',
    },
    notes: ['Перезвонить в 21:00 с другого номера', 'Нужен врач по прибытии'],
  },
  {
    title: 'Caller via Telegram, student (fictional)',
    riskLevel: 3,
    path: ['triage', 'verification'],
    identity: {
      name: 'Demo Person One',
      phone: '+7 900 000 00 02',
      contacts: 'Telegram @demo_fictional',
    },
    situation: {
      threat: 'Classmates threatened to out them to family',
      threatFrom: 'peers, family',
      needs: 'Advice, safe contact plan',
    },
    location: { whereabouts: 'At home, fictional city' },
    notes: ['Verification call booked with a trusted contact'],
  },
  {
    title: 'Пара из N-ского района (вымышленное дело)',
    riskLevel: 4,
    path: ['triage', 'verification', 'evacuation', 'shelter'],
    identity: { name: 'Вымышленная пара: Мадина и Заира', phone: '+7 900 000 00 03' },
    situation: {
      threat: 'Угрозы со стороны силовиков',
      threatFrom: 'силовики',
      health: 'Одной нужна консультация врача',
    },
    location: { whereabouts: 'Убежище «Север» (вымышленное), комната 2' },
    testimony: { statement: 'Вымышленный текст: вызывали в отдел, требовали назвать знакомых.' },
    notes: ['Прибыли в убежище, всё спокойно', 'Обсудить варианты переезда'],
  },
  {
    title: 'Relocated last year (fictional)',
    riskLevel: 1,
    path: ['triage', 'verification', 'evacuation', 'shelter', 'relocation', 'closed'],
    closedReason: 'relocated',
    identity: { name: 'Demo Person Two', aliases: 'D2' },
    situation: { threat: 'Past detention, no current threat known', threatFrom: 'police' },
    location: { whereabouts: 'Abroad (fictional country)' },
    testimony: { statement: 'Fictional statement kept for the documentation team.' },
    notes: ['Humanitarian visa granted', 'Case closed after arrival'],
  },
  {
    title: 'Arrived abroad, settling in (fictional)',
    riskLevel: 2,
    path: ['triage', 'verification', 'evacuation', 'shelter', 'relocation'],
    identity: { name: 'Demo Person Four', phone: '+7 900 000 00 06' },
    situation: {
      threat: 'Family searched for them after they left (fictional)',
      threatFrom: 'family',
    },
    location: { whereabouts: 'Demostadt, temporary flat (fictional)' },
    notes: ['Arrived safely; first follow-up call due next week'],
  },
  {
    title: 'Молчит после первого звонка (вымышленное дело)',
    riskLevel: 2,
    path: ['triage', 'closed'],
    closedReason: 'lost_contact',
    identity: { name: 'Неизвестно', phone: '+7 900 000 00 04' },
    situation: { threat: 'Неизвестно, звонок прервался' },
    location: {},
    notes: ['Три попытки связаться без ответа'],
  },
  {
    title: 'New call, not yet assessed (fictional)',
    riskLevel: 2,
    path: [],
    identity: { name: 'Demo Person Three', phone: '+7 900 000 00 05' },
    situation: { needs: 'Wants to talk to a psychologist' },
    location: { whereabouts: 'Unknown' },
    notes: [],
  },
];

/**
 * The documented people of demo-documentation.ts, as cases: the documentation is written
 * once they exist. Their identity and whereabouts are as invented as the rest.
 */
const documentedCases: readonly DemoCase[] = documentedPeople.map((person, i) => ({
  title: person.title,
  riskLevel: person.path.includes('closed') ? 1 : 3,
  path: person.path,
  ...(person.closedReason ? { closedReason: person.closedReason } : {}),
  identity: { name: `Demo Documented Person ${i + 1}` },
  situation: {
    threat: 'Held in a secret prison in the past (fictional)',
    threatFrom: 'security forces',
  },
  location: {},
  notes: [],
}));

const allDemoCases: readonly DemoCase[] = [...demoCases, ...documentedCases];

export const demoCaseCount = (): number => allDemoCases.length;

const demoVerificationReason =
  'Demo: referred by a partner organisation; video call matched the photo (fictional).';

/** The demo cases issue 7's rescue operations are written to, by title. */
export const demoRescueCaseTitles = {
  evacuation: 'Звонок с автовокзала (вымышленное дело)',
  shelter: 'Пара из N-ского района (вымышленное дело)',
  relocation: 'Arrived abroad, settling in (fictional)',
} as const;

/**
 * Opens the demo cases as the hotline operator; the coordinator moves them along.
 * @returns each case's id by its title
 */
export async function seedDemoCases(
  hotline: MemberSession,
  coordinator: MemberSession,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const { teams } = await hotline.api.call(teamDirectoryRoute);
  const team = (name: string) => teams.find((t) => t.name === name)?.id ?? '';
  const ring = await loadTeamKeyring(coordinator);
  for (const demo of allDemoCases) {
    const caseId = await createCase(hotline, teams, {
      title: demo.title,
      riskLevel: demo.riskLevel,
      assigneeId: coordinator.account.id,
      share: {
        general: [team('Hotline'), team('Shelters')],
        identity: [team('Hotline')],
        situation: [team('Hotline')],
        location: [team('Hotline'), team('Shelters')],
        testimony: [team('Hotline'), team('Documentation'), team('Analysis')],
      },
      details: {
        identity: demo.identity,
        situation: demo.situation,
        ...(Object.keys(demo.location).length > 0 ? { location: demo.location } : {}),
        ...(demo.testimony ? { testimony: demo.testimony } : {}),
      },
    });
    ids.set(demo.title, caseId);
    for (const text of demo.notes) {
      await addNote(coordinator, await openCase(coordinator, ring, caseId), text);
    }
    let verified = false;
    for (const stage of demo.path) {
      // No case moves past verification unverified: the operator proposes, the
      // coordinator confirms, as two members must.
      if (!verified && ['evacuation', 'shelter', 'relocation'].includes(stage)) {
        const hotlineRing = await loadTeamKeyring(hotline);
        await proposeVerified(hotline, await openCase(hotline, hotlineRing, caseId), {
          methods: ['trusted_referrer', 'video_call'],
          reason: demoVerificationReason,
        });
        await confirmVerified(
          coordinator,
          await openCase(coordinator, ring, caseId),
          demoVerificationReason,
        );
        verified = true;
      }
      await changeWorkflow(coordinator, await openCase(coordinator, ring, caseId), {
        stage,
        ...(stage === 'closed' && demo.closedReason ? { closedReason: demo.closedReason } : {}),
      });
    }
  }
  return ids;
}
