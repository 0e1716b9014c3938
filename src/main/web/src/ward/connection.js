// The page's one MQTT-over-WebSocket connection (mqtt.js): connects with the account typed into the page,
// re-subscribes after every reconnect, and reports whether the page is live, and since when it is not.
import mqtt from 'mqtt';

/** Reason codes of a refused CONNECT (MQTT 3.1.1): retrying with the same account cannot help. */
const ACCOUNT_REFUSED = new Set([4, 5, 134, 135]);

export class BrokerConnection {
  /**
   * @param url           ws:// or wss:// URL of the broker's WebSocket listener
   * @param account       {username, password}; empty username connects without an account
   * @param subscriptions topic filters, subscribed at QoS 1 after every (re)connection
   * @param listener      {onState(state), onMessage(topic, bytes, retained), onSubscriptionRefused(filter)}
   */
  constructor(url, account, subscriptions, listener) {
    this.url = url;
    this.subscriptions = subscriptions;
    this.listener = listener;
    this.state = { live: false, since: Date.now(), phase: 'connecting', detail: '' };
    this.everLive = false;
    const options = {
      protocolVersion: 4,
      clean: true,
      clientId: `ward-${Math.random().toString(16).slice(2, 10)}`,
      keepalive: 10,
      reconnectPeriod: 2000,
      connectTimeout: 8000,
      resubscribe: false,
    };
    if (account.username) {
      options.username = account.username;
      options.password = account.password;
    }
    this.client = mqtt.connect(url, options);
    this.client.on('connect', () => this.connected());
    this.client.on('close', () => this.lost('the connection to the broker closed'));
    this.client.on('offline', () => this.lost('the broker cannot be reached'));
    this.client.on('error', (e) => this.failed(e));
    this.client.on('message', (topic, payload, packet) => {
      this.listener.onMessage(topic, payload, packet.retain === true);
    });
  }

  connected() {
    this.everLive = true;
    this.setState({ live: true, since: Date.now(), phase: 'live', detail: '' });
    this.client.subscribe(this.subscriptions, { qos: 1 }, (err, granted) => {
      if (err) {
        this.listener.onSubscriptionRefused(this.subscriptions.join(', '), String(err.message || err));
        return;
      }
      for (const g of granted || []) {
        if (g.qos === 128) this.listener.onSubscriptionRefused(g.topic, 'refused by the broker');
      }
    });
  }

  lost(detail) {
    if (this.state.phase === 'refused' || this.state.phase === 'closed') return;
    // The time it stopped being live is kept across the reconnection attempts that follow.
    const since = this.state.live ? Date.now() : this.state.since;
    this.setState({ live: false, since, phase: this.everLive ? 'lost' : 'connecting', detail });
  }

  failed(e) {
    const code = e && typeof e.code === 'number' ? e.code : null;
    if (code !== null && ACCOUNT_REFUSED.has(code)) {
      this.client.end(true);
      this.setState({ live: false, since: this.state.live ? Date.now() : this.state.since, phase: 'refused',
        detail: 'the broker refused this account (wrong name or password, or no right to connect)' });
      return;
    }
    this.lost(`connection error: ${String((e && e.message) || e).slice(0, 120)}`);
  }

  setState(s) {
    this.state = s;
    this.listener.onState(s);
  }

  /** Publishes at QoS 1, never retained; `done(error)` when the broker took it (or did not). */
  publish(topic, text, done) {
    this.client.publish(topic, text, { qos: 1, retain: false }, (err) => done(err || null));
  }

  close() {
    this.state.phase = 'closed';
    this.client.end(true);
  }
}
