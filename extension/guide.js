// The guide's advice as data for the extension pages: which advice points the popup rotates as
// tips (each links to its section of advice.html), and where each records service lets people
// change their password. The words themselves live in _locales.

/** Tips shown one at a time in the popup: a locale key and the advice.html section it is from. */
export const TIPS = Object.freeze([
  { key: 'advice_passwords_only_records', section: 'passwords' },
  { key: 'advice_habits_log_out', section: 'habits' },
  { key: 'advice_habits_padlock', section: 'habits' },
  { key: 'advice_passwords_length', section: 'passwords' },
  { key: 'advice_device_lock', section: 'device' },
  { key: 'advice_shared_private', section: 'shared' },
  { key: 'advice_passwords_words', section: 'passwords' },
  { key: 'advice_move_looking', section: 'move' },
  { key: 'advice_device_updates', section: 'device' },
  { key: 'advice_shared_remember', section: 'shared' },
  { key: 'advice_copies_lost', section: 'copies' },
  { key: 'advice_email_shared', section: 'email' },
  { key: 'advice_move_wifi', section: 'move' },
  { key: 'advice_habits_watch', section: 'habits' },
  { key: 'advice_passwords_secret', section: 'passwords' },
  { key: 'advice_device_antivirus', section: 'device' },
  { key: 'sharing_show_screen', section: 'sharing' },
]);

/** storage.session key holding the index of the next tip (so each opening shows a new one). */
export const TIP_KEY = 'popupTip';

/**
 * Where a known service's account settings are, to change a password, by portal id. Only pages
 * we are sure of: NHS login's settings page (settings.login.nhs.uk, named in NHS login's
 * documentation for services, "link to the NHS login settings page" where people change their
 * password). The NHS App signs in with NHS login, so its password is changed there too. Every
 * other service: "sign in and change your password in your account settings".
 */
export const ACCOUNT_PAGES = Object.freeze({
  'nhs-login': { url: 'https://settings.login.nhs.uk/', name: 'NHS login' },
  'nhs-app': { url: 'https://settings.login.nhs.uk/', name: 'NHS login' },
});

/** Helplines from the guide (numbers are not words: they stay the same in every language). */
export const HELPLINES = Object.freeze([
  { key: 'help_age_uk', tel: '0800 169 65 65' },
  { key: 'help_mens_advice', tel: '0808 801 0327' },
  { key: 'help_domestic_abuse', tel: '0808 2000 247' },
]);

/** Websites from the guide. */
export const WEBSITES = Object.freeze([
  { key: 'help_get_safe_online', url: 'https://www.getsafeonline.org/', text: 'getsafeonline.org' },
  { key: 'help_ico', url: 'https://ico.org.uk/', text: 'ico.org.uk' },
]);

/** `tel:` link for a number as people write it. */
export const telHref = (number) => `tel:${number.replace(/[^\d+]/g, '')}`;
