import { routingTokens, textGrams } from './routing-tokens';

describe('routing tokens', () => {
  it('keeps the words and drops boilerplate, function words, punctuation and bare numbers', () => {
    const tokens = routingTokens('市民来电反映：3号楼旁边的工地夜间施工，希望相关部门尽快处理！');

    expect(tokens).toEqual(expect.arrayContaining(['工地', '施工', '夜间']));
    for (const t of ['市民', '来电', '反映', '的', '希望', '相关部门', '尽快', '处理', '3', '：', '！', '，']) expect(tokens).not.toContain(t);
  });

  it('normalises full-width characters and case', () => {
    expect(routingTokens('ＫＴＶ太吵了')).toContain('ktv');
    expect(routingTokens('ktv太吵了')).toEqual(routingTokens('ＫＴＶ太吵了'));
  });

  it('gives a mistyped word characters and bigrams in common with the right one', () => {
    const typo = new Set(routingTokens('工地夜间施工燥音很大'));
    const right = routingTokens('工地夜间施工噪音很大');

    const shared = right.filter((t) => typo.has(t));
    expect(shared).toEqual(expect.arrayContaining(['音', '工地', '施工']));
    expect(typo.has('燥音')).toBe(true);
  });

  it('yields nothing for a text made only of boilerplate', () => {
    expect(routingTokens('我要反映个问题')).toEqual([]);
    expect(routingTokens('')).toEqual([]);
  });

  it('matches a keyword by grams that a text containing it always has', () => {
    const text = new Set(routingTokens('楼下那个路灯不亮好几天了'));

    for (const g of textGrams('路灯不亮')) expect(text.has(g)).toBe(true);
  });
});
