package io.ferrymq.console;

import com.alibaba.fastjson2.JSONArray;
import com.alibaba.fastjson2.JSONObject;
import io.ferrymq.console.auth.PasswordHashes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * User management over HTTP (no cluster needed): an admin creates, disables, enables, re-roles and deletes users;
 * every user changes its own password; each change, refused ones included, leaves an audit entry.
 */
class UserManagementTest {
    @TempDir
    Path dir;
    private ConsoleServer server;
    private ConsoleHttp admin;

    @BeforeEach
    void start() throws Exception {
        Map<String, String> m = new HashMap<>();
        m.put("listenPort", "0");
        m.put("dataDir", dir.resolve("data").toString());
        m.put("nameServers.local", "127.0.0.1:1");
        m.put("brokerDeadlineMillis", "500");
        m.put("user.ann", "admin:" + PasswordHashes.hash("ann-password"));
        server = new ConsoleServer(new ConsoleConfig().apply(m, null), Clock.systemUTC()).start();
        admin = new ConsoleHttp(server.url());
        assertEquals(200, admin.login("ann", "ann-password").status());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private JSONObject user(String name) throws Exception {
        JSONArray all = admin.get("/api/users").array();
        return all.stream().map(o -> (JSONObject) o).filter(u -> u.getString("name").equals(name)).findFirst()
                .orElse(null);
    }

    private JSONArray audit(String action, String target) throws Exception {
        JSONArray out = new JSONArray();
        for (Object o : admin.get("/api/audit?action=" + action).json().getJSONArray("items")) {
            if (((JSONObject) o).getString("target").equals(target)) {
                out.add(o);
            }
        }
        return out;
    }

    @Test
    void anAdminCreatesAnOperatorWhoLogsInAndActsAsOne() throws Exception {
        ConsoleHttp.Res created = admin.put("/api/users/olga", Map.of("role", "operator", "password", "olga-password"));
        assertEquals(201, created.status(), created.body());
        assertEquals("operator", user("olga").getString("role"));
        ConsoleHttp olga = new ConsoleHttp(server.url());
        assertEquals(200, olga.login("olga", "olga-password").status());
        assertEquals("operator", olga.get("/api/session").json().getString("role"));
        assertEquals(403, olga.get("/api/users").status(), "user management needs the admin role");
        String stored = Files.readString(dir.resolve("data/users.properties"));
        assertTrue(stored.contains("olga=operator:$2y$"), stored);
        assertFalse(stored.contains("olga-password"), "only the hash is stored");
        JSONArray a = audit("user.create", "olga");
        assertEquals(1, a.size(), a.toString());
        assertEquals("ok", a.getJSONObject(0).getString("result"));
    }

    @Test
    void aDisabledUserCannotLogInAndLosesItsSessionUntilEnabledAgain() throws Exception {
        admin.put("/api/users/dan", Map.of("role", "viewer", "password", "dan-password"));
        ConsoleHttp dan = new ConsoleHttp(server.url());
        assertEquals(200, dan.login("dan", "dan-password").status());

        ConsoleHttp.Res disabled = admin.put("/api/users/dan", Map.of("disabled", true));
        assertEquals(200, disabled.status(), disabled.body());
        assertTrue(user("dan").getBooleanValue("disabled"));
        assertEquals(401, dan.get("/api/session").status(), "the session ended");
        ConsoleHttp.Res refused = new ConsoleHttp(server.url()).login("dan", "dan-password");
        assertEquals(403, refused.status(), refused.body());
        assertTrue(refused.json().getString("error").contains("disabled"), refused.body());
        assertTrue(Files.readString(dir.resolve("data/users.properties")).contains("dan=viewer:disabled:$2y$"),
                "kept across restarts");

        assertEquals(200, admin.put("/api/users/dan", Map.of("disabled", false)).status());
        assertEquals(200, new ConsoleHttp(server.url()).login("dan", "dan-password").status());
        JSONArray a = audit("user.update", "dan");
        assertEquals(2, a.size(), a.toString());
        assertTrue(a.getJSONObject(1).getString("after").contains("\"disabled\":true"), a.toString());
    }

    @Test
    void aRoleChangeTakesEffectAtTheNextLogin() throws Exception {
        admin.put("/api/users/vic", Map.of("role", "viewer", "password", "vic-password"));
        ConsoleHttp vic = new ConsoleHttp(server.url());
        vic.login("vic", "vic-password");
        assertEquals(200, admin.put("/api/users/vic", Map.of("role", "admin")).status());
        assertEquals(401, vic.get("/api/session").status(), "old session with the old role ended");
        vic.login("vic", "vic-password");
        assertEquals("admin", vic.get("/api/session").json().getString("role"));
        JSONObject entry = audit("user.update", "vic").getJSONObject(0);
        assertTrue(entry.getString("before").contains("viewer") && entry.getString("after").contains("admin"),
                entry.toString());
    }

    @Test
    void aUserChangesItsOwnPasswordWithTheCurrentOne() throws Exception {
        admin.put("/api/users/pat", Map.of("role", "viewer", "password", "pat-password"));
        ConsoleHttp pat = new ConsoleHttp(server.url());
        pat.login("pat", "pat-password");
        ConsoleHttp other = new ConsoleHttp(server.url());
        other.login("pat", "pat-password");

        ConsoleHttp.Res wrong = pat.post("/api/session/password", Map.of("current", "guess-guess",
                "password", "new-pat-password"));
        assertEquals(400, wrong.status(), wrong.body());
        ConsoleHttp.Res tooShort = pat.post("/api/session/password", Map.of("current", "pat-password",
                "password", "short"));
        assertEquals(400, tooShort.status(), tooShort.body());
        assertTrue(tooShort.json().getString("error").contains("8 to 72"), tooShort.body());
        ConsoleHttp.Res ok = pat.post("/api/session/password", Map.of("current", "pat-password",
                "password", "new-pat-password"));
        assertEquals(200, ok.status(), ok.body());
        assertEquals(200, pat.get("/api/session").status(), "the session that changed it goes on");
        assertEquals(401, other.get("/api/session").status(), "other sessions of the user ended");
        assertEquals(401, new ConsoleHttp(server.url()).login("pat", "pat-password").status());
        assertEquals(200, new ConsoleHttp(server.url()).login("pat", "new-pat-password").status());
        JSONArray a = audit("user.password", "pat");
        assertEquals(3, a.size(), a.toString());
        assertEquals("ok", a.getJSONObject(0).getString("result"));
        assertTrue(a.getJSONObject(1).getString("result").startsWith("failed"), a.toString());
    }

    @Test
    void refusedChangesSayWhyAndChangeNothing() throws Exception {
        ConsoleHttp.Res self = admin.put("/api/users/ann", Map.of("disabled", true));
        assertEquals(400, self.status(), self.body());
        admin.put("/api/users/root2", Map.of("role", "admin", "password", "root2-password"));
        ConsoleHttp root2 = new ConsoleHttp(server.url());
        root2.login("root2", "root2-password");
        ConsoleHttp.Res configUser = root2.put("/api/users/ann", Map.of("role", "viewer"));
        assertEquals(409, configUser.status(), "ann comes from the configuration file: " + configUser.body());
        ConsoleHttp.Res demoteSelf = root2.put("/api/users/root2", Map.of("role", "viewer"));
        assertEquals(400, demoteSelf.status(), demoteSelf.body());
        assertTrue(demoteSelf.json().getString("error").contains("yourself"), demoteSelf.body());
        assertEquals("admin", user("root2").getString("role"));
        ConsoleHttp.Res noPassword = admin.put("/api/users/newbie", Map.of("role", "viewer"));
        assertEquals(400, noPassword.status());
        ConsoleHttp.Res noRole = admin.put("/api/users/newbie", Map.of("password", "newbie-password"));
        assertEquals(400, noRole.status());
        ConsoleHttp.Res badName = admin.put("/api/users/bad%20name", Map.of("role", "viewer",
                "password", "12345678"));
        assertEquals(400, badName.status(), badName.body());
        ConsoleHttp.Res configPassword = admin.post("/api/session/password", Map.of("current", "ann-password",
                "password", "ann-new-password"));
        assertEquals(409, configPassword.status(), configPassword.body());
        assertEquals(404, admin.delete("/api/users/nobody").status());
        ConsoleHttp.Res deleteConfigUser = root2.delete("/api/users/ann");
        assertEquals(409, deleteConfigUser.status(), deleteConfigUser.body());
        assertEquals(null, user("newbie"));
        assertEquals(200, admin.delete("/api/users/root2").status());
        assertEquals(401, root2.get("/api/session").status());
        assertEquals(1, audit("user.delete", "root2").size());
    }
}
