import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Words of the evacuation plan and funds panels, in each language the stories run in. */
export const planWordsEnglish = {
  heading: 'Evacuation plan',
  addLeg: 'Add a leg',
  from: 'From',
  to: 'To',
  transport: 'Transport',
  departure: 'Departure',
  arrival: 'Expected arrival',
  leavesCountry: 'This leg leaves the country',
  saveLeg: 'Save leg',
  passportRequired: 'Passport required',
  passportDone: 'Passport in hand',
  saveChecklist: 'Save checklist',
  markDeparted: (n: number) => `Mark leg ${n} departed`,
  checklistIncomplete: 'a required document is not in hand',
  departed: 'Departed',
  amount: 'Amount',
  note: 'Note',
  addExpense: 'Add expense',
  pending: 'Waiting for approval',
  approve: /^Approve /,
  approved: 'Approved',
  waitingForOther: 'Another member must approve it.',
  administration: 'Administration',
  threshold: 'Threshold',
  saveThreshold: 'Save threshold',
  thresholdSaved: 'Threshold saved',
};

export const planWordsRussian: typeof planWordsEnglish = {
  heading: 'План эвакуации',
  addLeg: 'Добавить этап',
  from: 'Откуда',
  to: 'Куда',
  transport: 'Транспорт',
  departure: 'Отправление',
  arrival: 'Ожидаемое прибытие',
  leavesCountry: 'На этом этапе человек выезжает из страны',
  saveLeg: 'Сохранить этап',
  passportRequired: 'Паспорт: обязателен',
  passportDone: 'Паспорт: на руках',
  saveChecklist: 'Сохранить список',
  markDeparted: (n: number) => `Отметить отправление на этапе ${n}`,
  checklistIncomplete: 'обязательного документа нет на руках',
  departed: 'В пути',
  amount: 'Сумма',
  note: 'Примечание',
  addExpense: 'Добавить расход',
  pending: 'Ждёт одобрения',
  approve: /^Одобрить: /,
  approved: 'Одобрен',
  waitingForOther: 'Одобрить должен другой участник.',
  administration: 'Администрирование',
  threshold: 'Порог',
  saveThreshold: 'Сохранить порог',
  thresholdSaved: 'Порог сохранён',
};

/** A leg as the story types it: from, to, transport, departure and arrival (local time). */
export interface LegTyped {
  readonly from: string;
  readonly to: string;
  readonly transport: string;
  readonly departure: string;
  readonly arrival: string;
  readonly leavesCountry?: boolean;
}

/** Adds a leg on the case page's evacuation plan and waits for it to show. */
export async function addLeg(page: Page, plan: typeof planWordsEnglish, leg: LegTyped) {
  await page.getByRole('button', { name: plan.addLeg }).click();
  // The form's own fields: other panels on the case page have a `From` too.
  const form = page.getByRole('form', { name: plan.addLeg });
  await form.getByLabel(plan.from, { exact: true }).fill(leg.from);
  await form.getByLabel(plan.to, { exact: true }).fill(leg.to);
  await form.getByLabel(plan.transport, { exact: true }).fill(leg.transport);
  await form.getByLabel(plan.departure, { exact: true }).fill(leg.departure);
  await form.getByLabel(plan.arrival, { exact: true }).fill(leg.arrival);
  if (leg.leavesCountry) await form.getByLabel(plan.leavesCountry, { exact: false }).check();
  await form.getByRole('button', { name: plan.saveLeg }).click();
  await expect
    .poll(
      () =>
        page
          .getByRole('region', { name: plan.heading })
          .getByText(`${leg.from} → ${leg.to}`, { exact: false })
          .count(),
      { timeout: 20_000 },
    )
    .toBe(1);
}

/** Words of the check-ins panel and the alarms page. */
export const alarmWordsEnglish = {
  checkins: 'Check-ins',
  belongsTo: 'Belongs to',
  leg: (n: number, from: string, to: string) => `Leg ${n}: ${from} → ${to}`,
  due: 'Check in by',
  grace: 'Grace (minutes)',
  afterMinutes: 'Minutes after the alarm',
  members: 'Members',
  schedule: 'Schedule check-in',
  missed: 'Missed — alarm raised',
  atRung: (n: number) => `alarm at rung ${n}`,
  recordSafe: /^Record check-in due .* as safe$/,
  late: 'Safe, late',
  nav: 'Alarms',
  navWith: 'Alarms (1 new)',
  banner: '1 alarm is waiting',
  alarmsHeading: 'Alarms',
  noAlarms: 'No alarms.',
  missedArrival: 'Missed arrival',
  rung: '1',
  acknowledge: /^Acknowledge the alarm for case /,
  acknowledged: 'Acknowledged. No further rung will be alerted.',
};

export const alarmWordsRussian: typeof alarmWordsEnglish = {
  checkins: 'Отметки о безопасности',
  belongsTo: 'Относится к',
  leg: (n: number, from: string, to: string) => `Этап ${n}: ${from} → ${to}`,
  due: 'Ждём отметку к',
  grace: 'Запас (минут)',
  afterMinutes: 'Минут после тревоги',
  members: 'Сотрудники',
  schedule: 'Запланировать отметку',
  missed: 'Пропущена — тревога поднята',
  atRung: (n: number) => `тревога на ступени ${n}`,
  recordSafe: /^Записать отметку со сроком .*: в безопасности$/,
  late: 'В безопасности, с опозданием',
  nav: 'Тревоги',
  navWith: 'Тревоги (1 новая)',
  banner: '1 тревога ждёт',
  alarmsHeading: 'Тревоги',
  noAlarms: 'Тревог нет.',
  missedArrival: 'Не отметился по прибытии',
  rung: '1',
  acknowledge: /^Подтвердить тревогу по делу /,
  acknowledged: 'Подтверждено. Следующие ступени не будут оповещены.',
};

/** The browser's wall clock to the minute, as a `datetime-local` input takes it. */
export async function localMinuteNow(page: Page): Promise<string> {
  return page.evaluate(() => {
    const d = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  });
}

/** Words of the relocation and referral panels and the partners page. */
export const relocationWordsEnglish = {
  partnersNav: 'Partners',
  partnerName: 'Name',
  partnerCountry: 'Country (ISO code)',
  partnerKey: 'Public key (optional)',
  register: 'Register partner',
  registered: 'Haven Berlin registered.',
  relocation: 'Relocation',
  start: 'Start relocation',
  country: 'Destination country (ISO code, e.g. DE)',
  city: 'City',
  route: 'Route',
  asylum: 'Asylum',
  save: 'Save relocation',
  referrals: 'Referrals to partners',
  partner: 'Partner',
  consentHow: 'How they agreed (when, by what means)',
  make: 'Make the package and download it',
  sent: 'Sent',
};

export const relocationWordsRussian: typeof relocationWordsEnglish = {
  partnersNav: 'Партнёры',
  partnerName: 'Название',
  partnerCountry: 'Страна (код ISO)',
  partnerKey: 'Открытый ключ (необязательно)',
  register: 'Зарегистрировать',
  registered: 'Haven Berlin: зарегистрирован.',
  relocation: 'Переселение',
  start: 'Начать переселение',
  country: 'Страна назначения (код ISO, например DE)',
  city: 'Город',
  route: 'Путь',
  asylum: 'Убежище',
  save: 'Сохранить переселение',
  referrals: 'Направления к партнёрам',
  partner: 'Партнёр',
  consentHow: 'Как было дано согласие (когда, каким способом)',
  make: 'Создать пакет и скачать',
  sent: 'Отправлено',
};

/** Words of the coordinators' dashboard. */
export const dashboardWordsEnglish = {
  nav: 'Dashboard',
  heading: 'Dashboard',
  overdue: 'Overdue check-ins',
  evacuations: 'Evacuations in progress',
  overdueMark: 'overdue',
  noneOverdue: 'No check-in is overdue.',
  alarms: '1 alarm not yet acknowledged',
  germany: 'Germany',
};

export const dashboardWordsRussian: typeof dashboardWordsEnglish = {
  nav: 'Сводка',
  heading: 'Сводка',
  overdue: 'Просроченные отметки',
  evacuations: 'Эвакуации в пути',
  overdueMark: 'просрочена',
  noneOverdue: 'Просроченных отметок нет.',
  alarms: '1 тревога ещё не принята',
  germany: 'Германия',
};

/** Words of the case page's workflow and verification panel. */
export const verificationWordsEnglish = {
  moveTo: 'Move to',
  apply: 'Apply',
  triage: 'Triage',
  verification: 'Verification',
  outcome: 'Outcome',
  method: 'Video call',
  reason: 'Reason: what was checked and what it showed',
  proposeVerified: 'Verified (needs a second member)',
  record: 'Record verification',
  cannotConfirmOwn: 'You proposed it: another member must confirm.',
  confirmReason: 'What you checked before confirming',
  confirm: 'Confirm as verified',
  verified: 'Verified',
  /** A share checkbox of the new case page. */
  share: (team: string, part: string) => `${team} can read ${part}`,
  parts: ['Case notes', 'Identity', 'Situation', 'Location'],
};

export const verificationWordsRussian: typeof verificationWordsEnglish = {
  moveTo: 'Перевести на этап',
  apply: 'Применить',
  triage: 'Первичная оценка',
  verification: 'Проверка',
  outcome: 'Итог',
  method: 'Видеозвонок',
  reason: 'Причина: что проверили и что выяснили',
  proposeVerified: 'Проверено (нужен второй сотрудник)',
  record: 'Записать проверку',
  cannotConfirmOwn: 'Это ваше предложение: подтвердить должен другой сотрудник.',
  confirmReason: 'Что вы проверили перед подтверждением',
  confirm: 'Подтвердить проверку',
  verified: 'Проверено',
  share: (team: string, part: string) => `${team} может читать: ${part}`,
  parts: ['Заметки по делу', 'Личность', 'Ситуация', 'Местонахождение'],
};

/** Words of the shelters page and the case page's placement panel. */
export const shelterWordsEnglish = {
  nav: 'Shelters',
  add: 'Add a shelter',
  code: 'Name or code',
  address: 'Address',
  rules: 'House rules',
  keeper: 'House keeper’s contact',
  beds: 'Beds',
  addButton: 'Add shelter',
  added: 'Shelter added.',
  panel: 'Shelter placement',
  shelter: /^Shelter/,
  request: 'Request placement',
  requested: 'Placement requested',
  bedFor: (caseRef: string) => `Bed for ${caseRef}`,
  freeBed: (label: string) => `${label} (free)`,
  accept: 'Accept',
  accepted: 'Placement accepted',
  bedLine: (label: string) => `Bed ${label}`,
};

export const shelterWordsRussian: typeof shelterWordsEnglish = {
  nav: 'Убежища',
  add: 'Добавить убежище',
  code: 'Название или код',
  address: 'Адрес',
  rules: 'Правила дома',
  keeper: 'Контакт хранителя дома',
  beds: 'Места',
  addButton: 'Добавить убежище',
  added: 'Убежище добавлено.',
  panel: 'Размещение в убежище',
  shelter: /^Убежище/,
  request: 'Запросить размещение',
  requested: 'Размещение запрошено',
  bedFor: (caseRef: string) => `Место для ${caseRef}`,
  freeBed: (label: string) => `${label} (свободно)`,
  accept: 'Принять',
  accepted: 'Размещение принято',
  bedLine: (label: string) => `Место ${label}`,
};
