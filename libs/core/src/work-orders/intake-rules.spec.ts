import { checkIntakeText } from './intake-rules';

describe('intake text rules', () => {
  it('accepts a Mongolian order with Unicode Mongolian text and a Chinese summary', () => {
    expect(() => checkIntakeText({ language: 'mn', title: 'ᠤᠰᠤ', content: 'ᠤᠰᠤ ᠲᠠᠰᠤᠷᠠᠭᠰᠠᠨ', summaryZh: '停水' })).not.toThrow();
  });
  it('refuses a Mongolian order without a Chinese summary', () => {
    expect(() => checkIntakeText({ language: 'mn', title: 'ᠤᠰᠤ', content: 'ᠤᠰᠤ', summaryZh: undefined })).toThrow(/summaryZh/);
  });
  it('refuses legacy Menksoft private-use code points', () => {
    expect(() => checkIntakeText({ language: 'mn', title: 'x', content: '\uE234\uE235', summaryZh: '停水' })).toThrow(/private-use/);
  });
  it('refuses a Mongolian order whose content is not in Mongolian script', () => {
    expect(() => checkIntakeText({ language: 'mn', title: '停水', content: '停水了', summaryZh: '停水' })).toThrow(/traditional Mongolian/);
  });
  it('refuses a blank title', () => {
    expect(() => checkIntakeText({ language: 'zh', title: '  ', content: '内容', summaryZh: undefined })).toThrow(/title/);
  });
});
