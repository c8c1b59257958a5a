import { useQuery } from '@tanstack/react-query';
import { DailyActiveUsersDocument, SessionStatsDocument, TenantUsageDocument } from '@tradesage/client';
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, describeError } from '../../api.ts';
import { Alert } from '../../components/ui.tsx';
import { useSession } from '../../session.tsx';

/** Usage and health: users against the plan's quota, daily active users and new sessions over time. */
export default function Usage() {
  const { can } = useSession();
  const usage = useQuery({ queryKey: ['usage'], queryFn: () => api.request(TenantUsageDocument, { period: 'MONTH' }) });
  const daily = useQuery({
    queryKey: ['dailyActiveUsers'],
    queryFn: () => api.request(DailyActiveUsersDocument, { days: 30 }),
    enabled: can('users:read'),
  });
  const sessions = useQuery({
    queryKey: ['sessionStats'],
    queryFn: () => api.request(SessionStatsDocument),
    enabled: can('sessions:read:any'),
  });
  const failure: unknown = usage.error ?? daily.error ?? sessions.error;
  const u = usage.data?.tenantUsage;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Usage</h1>
      {failure != null && <Alert>{describeError(failure)}</Alert>}
      {u && (
        <section aria-labelledby="quota" className="card">
          <h2 id="quota" className="mb-3 text-lg font-semibold">
            This month
          </h2>
          <dl className="grid grid-cols-2 gap-4 text-sm sm:grid-cols-4">
            <Figure
              label="Users (of the plan’s limit)"
              value={`${u.users.total - u.users.deleted} / ${u.maxUsers ?? 'no limit'}`}
            />
            <Figure label="Active sessions" value={String(u.activeSessions)} />
            <Figure label="Sessions started" value={String(u.sessionsStarted)} />
            <Figure label="API calls" value={String(u.apiCalls)} />
          </dl>
          {u.maxUsers ? (
            <div className="mt-4">
              <div
                role="progressbar"
                aria-label="Users against the plan's limit"
                aria-valuemin={0}
                aria-valuemax={u.maxUsers}
                aria-valuenow={u.users.total - u.users.deleted}
                className="h-2 w-full overflow-hidden rounded bg-slate-200"
              >
                <div
                  className="h-2 bg-indigo-600"
                  style={{ width: `${Math.min(100, (100 * (u.users.total - u.users.deleted)) / u.maxUsers)}%` }}
                />
              </div>
            </div>
          ) : null}
        </section>
      )}
      {daily.data && (
        <Chart title="Daily active users, last 30 days">
          <LineChart data={daily.data.dailyActiveUsers.map((d) => ({ day: d.date.slice(5, 10), users: d.count }))}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Line
              type="monotone"
              dataKey="users"
              stroke="#4338ca"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </Chart>
      )}
      {sessions.data && (
        <Chart title={`New sessions per day (${sessions.data.sessionStats.activeSessions} active now)`}>
          <BarChart
            data={sessions.data.sessionStats.newSessionsPerDay.map((d) => ({
              day: d.day.slice(5, 10),
              sessions: d.count,
            }))}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Bar dataKey="sessions" fill="#4338ca" isAnimationActive={false} />
          </BarChart>
        </Chart>
      )}
    </div>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-slate-600">{label}</dt>
      <dd className="text-xl font-semibold">{value}</dd>
    </div>
  );
}

function Chart({ title, children }: { title: string; children: React.ReactElement }) {
  return (
    <section className="card" aria-label={title}>
      <h2 className="mb-3 text-lg font-semibold">{title}</h2>
      <div className="h-64">
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
    </section>
  );
}
