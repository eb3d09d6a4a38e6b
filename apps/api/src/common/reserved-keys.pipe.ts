import { type ArgumentMetadata, BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/**
 * class-transformer silently drops keys such as "constructor", so forbidNonWhitelisted never sees
 * them and {"constructor": 1} would pass as an empty body. Refuse them before validation.
 */
@Injectable()
export class ReservedKeysPipe implements PipeTransform {
  transform(value: unknown, meta: ArgumentMetadata): unknown {
    if ((meta.type === 'body' || meta.type === 'query') && value && typeof value === 'object') check(value, '');
    return value;
  }
}

function check(value: object, path: string): void {
  for (const key of Object.keys(value)) {
    if (key in Object.prototype || key === 'prototype') throw new BadRequestException([`property ${path}${key} should not exist`]);
    const v = (value as Record<string, unknown>)[key];
    if (v && typeof v === 'object') check(v, `${path}${key}.`);
  }
}
