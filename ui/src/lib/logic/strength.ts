// A small, local passphrase strength estimate: length, variety, common words and patterns.
// Nothing leaves the computer. It is a guide for the person, not a guarantee; what matters
// most is that someone who knows them (the person stalking them may) cannot guess it.

export type StrengthScore = 0 | 1 | 2 | 3 | 4;

export interface Strength {
  score: StrengthScore;
  /** Plain words: "Very easy to guess" ... "Strong". */
  label: string;
  /** One thing to do about it, or reassurance. */
  advice: string;
  /** Rough bits of guessing work; for tests and the meter's width. */
  bits: number;
  /** Whether the create button may be used with it. */
  acceptable: boolean;
}

export const MIN_LENGTH = 10;

// The most used passwords and words people reach for first. Short on purpose: this runs on an
// old laptop and ships inside the app. Anything here counts as one guess, not as letters.
const COMMON = [
  'password', 'passw0rd', 'passphrase', 'qwerty', 'qwertyuiop', 'asdfgh', 'asdfghjkl', 'zxcvbnm',
  'letmein', 'welcome', 'iloveyou', 'loveyou', 'admin', 'login', 'master', 'secret', 'monkey',
  'dragon', 'football', 'baseball', 'soccer', 'liverpool', 'arsenal', 'chelsea', 'sunshine',
  'princess', 'shadow', 'superman', 'batman', 'trustno1', 'whatever', 'freedom', 'charlie',
  'michael', 'jennifer', 'jessica', 'daniel', 'thomas', 'hello', 'flower', 'summer', 'winter',
  'spring', 'autumn', 'august', 'january', 'february', 'october', 'november', 'december',
  'starwars', 'pokemon', 'cookie', 'chocolate', 'banana', 'orange', 'purple', 'family', 'mother',
  'father', 'sister', 'brother', 'daughter', 'friend', 'forever', 'heaven', 'angel', 'lovely',
  'london', 'england', 'casebook', 'diary', 'notes', 'stalker', 'safety', 'police', 'abc123',
  'qazwsx', 'killer', 'ninja', 'mustang', 'access', 'computer', 'internet', 'google', 'apple',
  'samsung', 'iphone', 'facebook', 'instagram', 'whatsapp', 'myself', 'nothing', 'something',
];

const COMMON_SET = new Set(COMMON);

const LEET: Record<string, string> = { '0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' };

function unleet(text: string): string {
  return text.replace(/[013457@$!]/g, (c) => LEET[c] ?? c);
}

/** Characters that follow a run (abcd, 1234, 9876, aaaa) add little. */
function predictableAt(chars: string[], i: number): boolean {
  if (i < 2) return false;
  const a = chars[i - 2]!.codePointAt(0)!;
  const b = chars[i - 1]!.codePointAt(0)!;
  const c = chars[i]!.codePointAt(0)!;
  return (b - a === c - b && Math.abs(c - b) <= 1);
}

function poolSize(text: string): number {
  let pool = 0;
  if (/[a-z]/.test(text)) pool += 26;
  if (/[A-Z]/.test(text)) pool += 26;
  if (/[0-9]/.test(text)) pool += 10;
  if (/[^a-zA-Z0-9\s]/.test(text)) pool += 33;
  if (/\s/.test(text)) pool += 1;
  if (/[^\x00-\x7f]/.test(text)) pool += 40;
  return Math.max(pool, 10);
}

/** Estimates how hard `passphrase` is to guess. */
export function estimateStrength(passphrase: string): Strength {
  const text = passphrase;
  const chars = Array.from(text);
  if (chars.length === 0) {
    return { score: 0, label: 'Nothing typed yet', advice: 'Four or five unrelated words make a strong passphrase.', bits: 0, acceptable: false };
  }
  const lower = unleet(text.toLowerCase());
  const bare = lower.replace(/[^a-z]/g, '');
  if (COMMON_SET.has(lower.trim()) || COMMON_SET.has(bare) || /^(.)\1*$/.test(text) || /^\d+$/.test(text) && chars.length < 12) {
    return score(Math.min(10, chars.length * 1.5), chars.length, 'This is one of the first things anyone would try.');
  }

  // Common words inside the passphrase count as a single guess each (about 7 bits).
  let rest = lower;
  let bits = 0;
  let foundCommon = false;
  for (const word of [...COMMON].sort((x, y) => y.length - x.length)) {
    if (word.length >= 4 && rest.includes(word)) {
      rest = rest.split(word).join(' ');
      bits += 7;
      foundCommon = true;
    }
  }
  const restChars = Array.from(rest).filter((c) => c !== ' ');
  const perChar = Math.log2(poolSize(text));
  restChars.forEach((_, i) => {
    bits += predictableAt(restChars, i) ? 1 : perChar;
  });
  // Repeating the same chunk ("catcatcat") adds almost nothing.
  const repeat = /^(.+?)\1+$/.exec(text);
  if (repeat) bits = Math.min(bits, Math.log2(poolSize(text)) * Array.from(repeat[1]!).length + 3);

  // Several separate words: credit about 11 bits a word, the way word-list passphrases work.
  const words = text.trim().split(/[\s\-_.]+/).filter((w) => w.length >= 3);
  if (words.length >= 3) bits = Math.max(bits, words.length * 11);

  const advice = foundCommon
    ? 'It contains common words. Add words that are unusual together, and avoid names and dates someone who knows you could guess.'
    : chars.length < MIN_LENGTH
      ? `Make it at least ${MIN_LENGTH} characters: several unrelated words are easiest to remember.`
      : 'Avoid names, birthdays and places that someone who knows you could guess.';
  return score(bits, chars.length, advice);
}

function score(bits: number, length: number, advice: string): Strength {
  const rounded = Math.round(bits);
  let s: StrengthScore = bits < 28 ? 0 : bits < 36 ? 1 : bits < 48 ? 2 : bits < 60 ? 3 : 4;
  if (length < MIN_LENGTH && s > 1) s = 1;
  const labels = ['Very easy to guess', 'Easy to guess', 'Fair', 'Good', 'Strong'] as const;
  return {
    score: s,
    label: labels[s],
    advice: s >= 3 ? `${labels[s]}. ${advice}` : advice,
    bits: rounded,
    acceptable: s >= 2 && length >= MIN_LENGTH,
  };
}
