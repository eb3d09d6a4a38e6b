import { maskName, maskPhone } from './masking';

describe('masking citizen data', () => {
  it('keeps the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
  });
  it('masks a landline with area code the same way', () => {
    expect(maskPhone('04788123456')).toBe('047****3456');
  });
  it('keeps only the last two digits of a short number', () => {
    expect(maskPhone('12345')).toBe('***45');
  });
  it('returns null for no number', () => {
    expect(maskPhone(null)).toBeNull();
  });
  it('keeps the family name only', () => {
    expect(maskName('巴特尔')).toBe('巴**');
  });
});
