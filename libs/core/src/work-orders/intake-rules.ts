// Text rules at intake: Mongolian orders carry traditional Mongolian script plus a Chinese summary;
// legacy Menksoft private-use code points are refused (they render as garbage everywhere else).
import { Language, type CreateWorkOrderRequest } from '@hotline/contracts';
import { InvalidInput } from '../shared/errors';

const MONGOLIAN = /[\u1800-\u18AF]/u;
const PRIVATE_USE = /[\uE000-\uF8FF]/u;

export function checkIntakeText(req: Pick<CreateWorkOrderRequest, 'language' | 'title' | 'content' | 'summaryZh'>): void {
  for (const [field, value] of Object.entries({ title: req.title, content: req.content, summaryZh: req.summaryZh })) {
    if (value && PRIVATE_USE.test(value)) {
      throw new InvalidInput(`${field} contains private-use code points (legacy Menksoft encoding?); convert the text to Unicode Mongolian (U+1800–U+18AF)`);
    }
  }
  if (!req.title.trim()) throw new InvalidInput('title must not be blank');
  if (!req.content.trim()) throw new InvalidInput('content must not be blank');
  if (req.language === Language.Mn) {
    if (!MONGOLIAN.test(req.content)) throw new InvalidInput('a Mongolian-language order keeps the original text in traditional Mongolian script (U+1800–U+18AF)');
    if (!req.summaryZh?.trim()) throw new InvalidInput('a Mongolian-language order needs a Chinese summary (summaryZh) for the handling unit');
  }
}
