import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DeliveryService } from '@hotline/core';

const EVERY_MS = 60_000;

/** Every minute: deliveries for events whose job never arrived, and pending deliveries whose job was lost. */
@Injectable()
export class DeliverySweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(DeliverySweep.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly deliveries: DeliveryService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), EVERY_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.deliveries
      .reconcile()
      .then((r) => {
        if (r.events > 0 || r.requeued > 0)
          this.log.warn(`delivery sweep: ${r.events} event(s) without a job considered, ${r.requeued} delivery job(s) re-enqueued`);
      })
      .catch((err: Error) => this.log.warn(`delivery sweep failed: ${err.message}`))
      .finally(() => (this.running = undefined));
    await this.running;
  }
}
