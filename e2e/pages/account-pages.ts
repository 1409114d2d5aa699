import type { Page } from 'playwright-core';

/** The sign-up, login, unlock and devices pages, driven as a person would, by label. */
export class AccountPages {
  constructor(
    readonly page: Page,
    readonly words: typeof english,
  ) {}

  heading() {
    return this.page.getByRole('heading', { level: 1 });
  }

  async signUp(handle: string, password: string) {
    await this.page.getByLabel(this.words.handle, { exact: false }).first().fill(handle);
    await this.page.getByLabel(this.words.password, { exact: true }).fill(password);
    await this.page.getByLabel(this.words.passwordAgain, { exact: true }).fill(password);
    await this.page.getByRole('button', { name: this.words.continue }).click();
  }

  /** Logs in with a backup code, or with the browser's security key. */
  async logIn(handle: string, password: string, factor: string | { securityKey: true }) {
    await this.page.getByLabel(this.words.handle, { exact: true }).fill(handle);
    await this.page.getByLabel(this.words.password, { exact: true }).fill(password);
    if (typeof factor === 'string') {
      await this.page.getByRole('radio', { name: this.words.backupFactor }).check();
      await this.page.getByLabel(this.words.backupCode, { exact: true }).fill(factor);
    } else {
      await this.page.getByRole('radio', { name: this.words.securityKeyFactor }).check();
    }
    await this.page.getByRole('button', { name: this.words.logIn, exact: true }).click();
  }
}

export const english = {
  locale: 'en-GB',
  signUpHeading: 'Join with an invitation',
  handle: 'Handle',
  password: 'Password',
  passwordAgain: 'Password again',
  continue: 'Continue',
  totpHeading: 'Set up your authenticator app',
  totpCode: 'Code from your authenticator app',
  confirm: 'Confirm',
  codesHeading: 'Write these down now',
  writtenDown: 'I have written them down',
  loginHeading: 'Log in',
  backupFactor: 'A backup code',
  securityKeyFactor: 'Security key or passkey',
  newKeyLabel: 'Name for a new key',
  keyName: 'blue key',
  addKey: 'Add a security key',
  backupCode: 'Backup code',
  logIn: 'Log in',
  welcome: 'You are signed in as',
  devices: 'Devices',
  devicesHeading: 'Your devices',
  thisDevice: 'This device',
  lock: 'Lock',
  lockedHeading: 'Locked',
  unlock: 'Unlock',
  wrong: 'The handle, password or code is wrong.',
  logOut: 'Log out',
  administration: 'Administration',
  analyst: 'Analyst',
  createInvitation: 'Create invitation',
  teamName: 'Team name',
  firstMember: 'Handle of the first member',
  createTeam: 'Create team',
  teams: 'Teams',
  makeKey: 'Make the team key',
  keyVersion: (n: number) => `Team key version ${n}`,
  addMember: 'Add a member by handle',
  add: 'Add',
  remove: (handle: string) => `Remove ${handle}`,
  teamNameValue: 'Shelters',
  forgot: 'I forgot my password',
  recoverHeading: 'Restore access',
  recoveryCode: 'Recovery code',
  newPassword: 'New password',
  restore: 'Restore access',
  restoredHeading: 'Access restored',
};

export const russian: typeof english = {
  locale: 'ru-RU',
  signUpHeading: 'Регистрация по приглашению',
  handle: 'Псевдоним',
  password: 'Пароль',
  passwordAgain: 'Пароль ещё раз',
  continue: 'Далее',
  totpHeading: 'Настройте приложение-аутентификатор',
  totpCode: 'Код из приложения-аутентификатора',
  confirm: 'Подтвердить',
  codesHeading: 'Запишите это сейчас',
  writtenDown: 'Я всё записал(а)',
  loginHeading: 'Вход',
  backupFactor: 'Один из резервных кодов',
  securityKeyFactor: 'Ключ безопасности или passkey',
  newKeyLabel: 'Название нового ключа',
  keyName: 'синий ключ',
  addKey: 'Добавить ключ безопасности',
  backupCode: 'Резервный код',
  logIn: 'Войти',
  welcome: 'Вы вошли как',
  devices: 'Устройства',
  devicesHeading: 'Ваши устройства',
  thisDevice: 'Это устройство',
  lock: 'Заблокировать',
  lockedHeading: 'Заблокировано',
  unlock: 'Разблокировать',
  wrong: 'Неверный псевдоним, пароль или код.',
  logOut: 'Выйти',
  administration: 'Администрирование',
  analyst: 'Аналитик',
  createInvitation: 'Создать приглашение',
  teamName: 'Название команды',
  firstMember: 'Псевдоним первого участника',
  createTeam: 'Создать команду',
  teams: 'Команды',
  makeKey: 'Создать ключ команды',
  keyVersion: (n: number) => `Версия ключа команды: ${n}`,
  addMember: 'Добавить участника по псевдониму',
  add: 'Добавить',
  remove: (handle: string) => `Удалить ${handle}`,
  teamNameValue: 'Убежища',
  forgot: 'Я забыл(а) пароль',
  recoverHeading: 'Восстановление доступа',
  recoveryCode: 'Код восстановления',
  newPassword: 'Новый пароль',
  restore: 'Восстановить доступ',
  restoredHeading: 'Доступ восстановлен',
};
