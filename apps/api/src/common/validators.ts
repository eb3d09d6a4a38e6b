import { ValidateIf, ValidationOptions, registerDecorator } from 'class-validator';

// NUL and other C0 controls (except tab and newlines) are never valid in a work order, and PostgreSQL
// refuses NUL in text: stop them at the edge with a 400 instead of a database error.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export function NoControlChars(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'noControlChars',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must not contain control characters`, ...options },
      validator: { validate: (v: unknown) => typeof v !== 'string' || !CONTROL.test(v) },
    });
}

/** Optional means "may be absent", not "may be null": an explicit null is a type error (400). */
export function Optional(): PropertyDecorator {
  return ValidateIf((_: object, v: unknown) => v !== undefined);
}
