// Made-up casework text in Russian and English for benchmarks: names, towns, addresses,
// threats, testimony and notes drawn from word lists with their inflections, so the
// index meets the variety of a real caseload. Deterministic for a given seed.

/** A small fast PRNG (mulberry32): the same cases on every run. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const firstNames = [
  'Ибрагим',
  'Магомед',
  'Ахмед',
  'Руслан',
  'Зелимхан',
  'Ислам',
  'Адам',
  'Хасан',
  'Аслан',
  'Тимур',
  'Мурат',
  'Шамиль',
  'Рамзан',
  'Умар',
  'Салман',
  'Алихан',
  'Заур',
  'Иса',
  'Амина',
  'Зарема',
  'Мадина',
  'Хеда',
  'Луиза',
  'Малика',
  'Седа',
  'Петимат',
  'Марьям',
  'Айшат',
  'Зулихан',
  'Хава',
  'Лейла',
  'Фатима',
  'Асет',
  'Жанна',
  'Елена',
  'Ольга',
  'Дмитрий',
  'Алексей',
  'Сергей',
  'Артём',
  'Фёдор',
  'Пётр',
  'Семён',
  'Алёна',
];
const surnames = [
  'Мусаев',
  'Ахмадов',
  'Исаев',
  'Кадыров',
  'Дудаев',
  'Гайрбеков',
  'Усманов',
  'Висаитов',
  'Эльмурзаев',
  'Батукаев',
  'Шамсудинов',
  'Абдурахманов',
  'Магомадов',
  'Хасанов',
  'Алиев',
  'Умаров',
  'Зубайраев',
  'Тагиров',
  'Межидов',
  'Хатуев',
  'Садулаев',
  'Бисултанов',
  'Дадашев',
  'Исмаилов',
  'Юсупов',
  'Асхабов',
  'Эдилов',
  'Байсултанов',
  'Гериханов',
  'Ковалёв',
  'Соловьёв',
  'Воробьёв',
  'Орлов',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Волков',
];
const towns = [
  ['Грозный', 'Грозного', 'Грозном'],
  ['Гудермес', 'Гудермеса', 'Гудермесе'],
  ['Аргун', 'Аргуна', 'Аргуне'],
  ['Шали', 'Шали', 'Шали'],
  ['Урус-Мартан', 'Урус-Мартана', 'Урус-Мартане'],
  ['Назрань', 'Назрани', 'Назрани'],
  ['Махачкала', 'Махачкалы', 'Махачкале'],
  ['Хасавюрт', 'Хасавюрта', 'Хасавюрте'],
  ['Нальчик', 'Нальчика', 'Нальчике'],
  ['Владикавказ', 'Владикавказа', 'Владикавказе'],
  ['Казань', 'Казани', 'Казани'],
  ['Москва', 'Москвы', 'Москве'],
  ['Ростов-на-Дону', 'Ростова-на-Дону', 'Ростове-на-Дону'],
  ['Ереван', 'Еревана', 'Ереване'],
  ['Тбилиси', 'Тбилиси', 'Тбилиси'],
  ['Стамбул', 'Стамбула', 'Стамбуле'],
  ['Баку', 'Баку', 'Баку'],
  ['Минеральные Воды', 'Минеральных Вод', 'Минеральных Водах'],
];
const streets = [
  'Лермонтова',
  'Пушкина',
  'Кирова',
  'Ленина',
  'Шерипова',
  'Маяковского',
  'Гагарина',
  'Окружная',
  'Садовая',
  'Центральная',
  'Победы',
  'Мира',
  'Школьная',
  'Советская',
  'Нагорная',
  'Заречная',
  'Чехова',
  'Толстого',
  'Горького',
  'Революции',
  'Первомайская',
];
const aliases = [
  'Ibra',
  'Sasha',
  'Mila',
  'Rusik',
  'Zara',
  'Lina',
  'Tim',
  'Adik',
  'Khava',
  'Mika',
  'Sena',
  'Asya',
  'Lev',
  'Dima',
  'Olya',
  'Nika',
  'Yana',
  'Rami',
  'Sami',
  'Ali',
];
const titles = [
  'called from the bus station',
  'sister of an earlier case',
  'referred by the lawyer',
  'wrote through the bot',
  'came to the Tbilisi office',
  'found us through a journalist',
  'hotline call at night',
  'asked for a shelter',
  'needs documents first',
  'позвонила с вокзала',
  'направил адвокат',
  'написала в бот',
  'просит убежище',
  'сестра прежней заявительницы',
  'звонок ночью',
  'нужны документы',
];
const threats = [
  'Родственники угрожают убийством чести',
  'Муж угрожает забрать детей и избивает её',
  'Полиция вызывает на беседу каждую неделю',
  'Семья узнала об ориентации, угрожают расправой',
  'После видео в соцсетях ищут силовики',
  'Брата задержали, требуют, чтобы он вернулся',
  'Threatened by her husband’s family after the divorce',
  'Police have summoned him three times and took his passport',
  'Relatives found out about the relationship and threatened to kill her',
  'Forced marriage arranged for next month',
];
const statements = [
  'Меня задержали {date} и держали в подвале на улице {street} три дня.',
  'Его задержание произошло у дома, сотрудники были в масках и без документов.',
  'Задержанных били и заставляли записать видео с извинениями.',
  'В отделе полиции {town2} у неё забрали телефон и паспорт.',
  'Отец и братья пытались выдать её замуж против воли.',
  'Пытки продолжались несколько дней, ему угрожали расправой над семьёй.',
  'Соседи видели, как его увезли на машине без номеров в сторону {town1}.',
  'Она сбежала из дома ночью и добралась до {town1} на автобусе.',
  'He was detained on {date} at a checkpoint outside {town0} and held for two days.',
  'They took her passport and her phone and searched the messages.',
  'Officers threatened to arrest his brothers if he did not come back.',
  'Her relatives tracked her to {town0} through a cousin.',
];
const notes = [
  'Перезвонила сестра, просит связаться вечером.',
  'Договорились о встрече в {town2} в пятницу.',
  'Билеты на автобус до {town1} куплены, выезд в субботу.',
  'Нужен юрист по делу о задержании.',
  'Ей страшно выходить из квартиры, соседи расспрашивают.',
  'Проверили документы: загранпаспорт действителен до конца года.',
  'Безопасная квартира в {town2} свободна с понедельника.',
  'Врач осмотрел: следы побоев, выдана справка.',
  'Связь только через Signal, телефон могут проверять.',
  'Мать звонила в полицию, её тоже вызывают.',
  'Called back, she is safe and staying with a friend.',
  'Shelter in {town0} confirmed two beds from Monday.',
  'Lawyer will file the complaint about the detention.',
  'Checked in after arrival, everything fine.',
  'Needs a translator for the visa interview.',
  'Bus tickets bought, leaving on Saturday morning.',
];
const months = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа'];

export interface SyntheticCaseText {
  readonly title: string;
  readonly identity: Record<string, string>;
  readonly situation: Record<string, string>;
  readonly location: Record<string, string>;
  readonly testimony: Record<string, string>;
  readonly notes: string[];
  /** Where the person was moved to later. */
  readonly movedTo: string;
}

/** The text of one made-up case, with `noteCount` notes. */
export function syntheticCaseText(random: () => number, noteCount: number): SyntheticCaseText {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const town = pick(towns);
  const fill = (template: string) =>
    template
      .replace('{town0}', town[0] ?? '')
      .replace('{town1}', town[1] ?? '')
      .replace('{town2}', town[2] ?? '')
      .replace('{street}', pick(streets))
      .replace('{date}', `${1 + Math.floor(random() * 28)} ${pick(months)}`);
  const alias = pick(aliases);
  const digits = () => String(Math.floor(random() * 100)).padStart(2, '0');
  return {
    title: `${alias} — ${pick(titles)}`,
    identity: {
      name: `${pick(firstNames)} ${pick(surnames)}`,
      alias,
      phone: `+7 9${digits()} ${digits()}${Math.floor(random() * 10)} ${digits()} ${digits()}`,
      born: String(1970 + Math.floor(random() * 40)),
    },
    situation: { threat: pick(threats) },
    location: {
      address: `ул. ${pick(streets)}, ${1 + Math.floor(random() * 90)}, кв. ${1 + Math.floor(random() * 120)}, ${town[0]}`,
      safeHouse: `${pick(towns)[0]}, квартира ${1 + Math.floor(random() * 40)}`,
    },
    testimony: { statement: `${fill(pick(statements))} ${fill(pick(statements))}` },
    notes: Array.from({ length: noteCount }, () => fill(pick(notes))),
    movedTo: `${pick(towns)[0]}, квартира ${1 + Math.floor(random() * 40)}`,
  };
}
